namespace CasPortal.Application.Sessions.RevokeUserSessions;

/// <summary>
/// An administrator ends every active session of one user, in every browser. With
/// <paramref name="RequireReauthentication"/> the user's next sign-in, anywhere, must come from a typed password.
/// </summary>
/// <returns><see cref="RevocationOutcome.NotFound"/> for a user who never signed in to the portal (nothing changes).</returns>
public sealed record RevokeUserSessionsCommand(string Username, bool RequireReauthentication = false)
    : ICommand<RevocationOutcome>, IAuditedRequest;

public sealed class RevokeUserSessionsHandler(IPortalDbContext db, AuditTrail audit, IRequestContext request, TimeProvider clock)
    : ICommandHandler<RevokeUserSessionsCommand, RevocationOutcome>
{
    public async ValueTask<RevocationOutcome> Handle(RevokeUserSessionsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await KnownUsers.ExistsAsync(db, command.Username, cancellationToken))
        {
            KnownUsers.RecordUnknown(audit, nameof(RevokeUserSessionsCommand), command.Username);
            await db.SaveChangesAsync(cancellationToken);
            return RevocationOutcome.NotFound;
        }

        var sessions = await db.Sessions
            .Where(s => s.Username == command.Username && s.EndedAt == null)
            .ToListAsync(cancellationToken);
        var administrator = request.SignedInUser();
        var ended = SessionEnding.Revoke(sessions, now, administrator, "Every session of the user revoked");
        ReauthenticationScope? requirement = null;
        if (command.RequireReauthentication)
        {
            await Reauthentication.RequireForUserAsync(db, audit, command.Username, administrator,
                $"every session revoked by {administrator}", now, cancellationToken);
            requirement = ReauthenticationScope.User;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new RevocationOutcome(ended, command.Username, requirement);
    }
}
