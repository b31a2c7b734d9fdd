using CasPortal.Application.Common.Interfaces;
using CasPortal.Application.Common.Models;
using CasPortal.Domain.Audit;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Application.Sessions.LiftReauthentication;

/// <summary>
/// An administrator lifts every re-authentication requirement on a user (on the user and on browsers that held their
/// sessions): single sign-on may sign them in again.
/// </summary>
/// <returns>How many requirements were lifted; 0 (refused and audited, nothing changes) when there were none.</returns>
public sealed record LiftReauthenticationCommand(string Username, string Administrator, RequestOrigin Origin)
    : ICommand<int>, IAuditedRequest;

public sealed class LiftReauthenticationHandler(IPortalDbContext db, TimeProvider clock) : ICommandHandler<LiftReauthenticationCommand, int>
{
    public const string NoRequirementCode = "NO_REQUIREMENT";

    public async ValueTask<int> Handle(LiftReauthenticationCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var requirements = await db.ReauthenticationRequirements.AsNoTracking()
            .Where(r => r.Username == command.Username)
            .ToListAsync(cancellationToken);
        if (requirements.Count == 0)
        {
            var known = await KnownUsers.ExistsAsync(db, command.Username, cancellationToken);
            db.AuditEvents.Add(new AuditEvent(now, AuditEventType.RequestRejected, command.Username, null,
                command.Origin.ClientIp, command.Origin.UserAgent,
                known
                    ? $"{nameof(LiftReauthenticationCommand)} rejected: the user has no password requirement to lift"
                    : $"{nameof(LiftReauthenticationCommand)} rejected: no user of that name has ever signed in to the portal",
                known ? NoRequirementCode : KnownUsers.UnknownUserCode));
            await db.SaveChangesAsync(cancellationToken);
            return 0;
        }

        foreach (var requirement in requirements)
        {
            db.AuditEvents.Add(new AuditEvent(now, AuditEventType.ReauthenticationLifted, requirement.Username, null,
                command.Origin.ClientIp, command.Origin.UserAgent,
                $"Lifted by {command.Administrator}: {Reauthentication.Describe(requirement)}",
                Reauthentication.LiftedByAdministratorCode));
        }

        await db.SaveChangesAsync(cancellationToken);
        await Reauthentication.ClearAsync(db, requirements, cancellationToken);
        return requirements.Count;
    }
}
