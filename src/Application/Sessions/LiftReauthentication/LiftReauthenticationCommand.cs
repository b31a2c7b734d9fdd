namespace CasPortal.Application.Sessions.LiftReauthentication;

/// <summary>
/// An administrator lifts every re-authentication requirement on a user (on the user and on browsers that held their
/// sessions): single sign-on may sign them in again.
/// </summary>
/// <returns>How many requirements were lifted; 0 (refused and audited, nothing changes) when there were none.</returns>
public sealed record LiftReauthenticationCommand(string Username)
    : ICommand<int>, IAuditedRequest;

public sealed class LiftReauthenticationHandler(IPortalDbContext db, AuditTrail audit, IRequestContext request) : ICommandHandler<LiftReauthenticationCommand, int>
{
    public const string NoRequirementCode = "NO_REQUIREMENT";

    public async ValueTask<int> Handle(LiftReauthenticationCommand command, CancellationToken cancellationToken)
    {
        var requirements = await db.ReauthenticationRequirements.AsNoTracking()
            .Where(r => r.Username == command.Username)
            .ToListAsync(cancellationToken);
        if (requirements.Count == 0)
        {
            var known = await KnownUsers.ExistsAsync(db, command.Username, cancellationToken);
            audit.Record(AuditEventType.RequestRejected, command.Username, null,
                known
                    ? $"{nameof(LiftReauthenticationCommand)} rejected: the user has no password requirement to lift"
                    : $"{nameof(LiftReauthenticationCommand)} rejected: no user of that name has ever signed in to the portal",
                known ? NoRequirementCode : KnownUsers.UnknownUserCode);
            await db.SaveChangesAsync(cancellationToken);
            return 0;
        }

        foreach (var requirement in requirements)
        {
            audit.Record(AuditEventType.ReauthenticationLifted, requirement.Username, null,
                $"Lifted by {request.SignedInUser()}: {Reauthentication.Describe(requirement)}",
                Reauthentication.LiftedByAdministratorCode);
        }

        await db.SaveChangesAsync(cancellationToken);
        await Reauthentication.ClearAsync(db, requirements, cancellationToken);
        return requirements.Count;
    }
}
