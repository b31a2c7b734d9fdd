using CasPortal.Application.Common.Interfaces;
using CasPortal.Application.Common.Models;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Application.Sessions.RevokeUserSessions;

/// <summary>
/// An administrator ends every active session of one user, in every browser. With
/// <paramref name="RequireReauthentication"/> the user's next sign-in, anywhere, must come from a typed password.
/// </summary>
/// <returns><see cref="RevocationOutcome.NotFound"/> for a user who never signed in to the portal (nothing changes).</returns>
public sealed record RevokeUserSessionsCommand(string Username, string Administrator, RequestOrigin Origin, bool RequireReauthentication = false)
    : ICommand<RevocationOutcome>, IAuditedRequest;

public sealed class RevokeUserSessionsHandler(IPortalDbContext db, TimeProvider clock)
    : ICommandHandler<RevokeUserSessionsCommand, RevocationOutcome>
{
    public async ValueTask<RevocationOutcome> Handle(RevokeUserSessionsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await KnownUsers.ExistsAsync(db, command.Username, cancellationToken))
        {
            KnownUsers.RecordUnknown(db, nameof(RevokeUserSessionsCommand), command.Username, command.Origin, now);
            await db.SaveChangesAsync(cancellationToken);
            return RevocationOutcome.NotFound;
        }

        var sessions = await db.Sessions
            .Where(s => s.Username == command.Username && s.EndedAt == null)
            .ToListAsync(cancellationToken);
        var ended = SessionEnding.Revoke(db, sessions, now, command.Administrator, command.Origin,
            "Every session of the user revoked");
        ReauthenticationScope? requirement = null;
        if (command.RequireReauthentication)
        {
            await Reauthentication.RequireForUserAsync(db, command.Username, command.Administrator,
                $"every session revoked by {command.Administrator}", command.Origin, now, cancellationToken);
            requirement = ReauthenticationScope.User;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new RevocationOutcome(ended, command.Username, requirement);
    }
}
