using CasPortal.Application.Common.Interfaces;
using CasPortal.Application.Common.Models;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Application.Sessions.RevokeUserSessions;

/// <summary>An administrator ends every active session of one user, in every browser.</summary>
public sealed record RevokeUserSessionsCommand(string Username, string Administrator, RequestOrigin Origin)
    : ICommand<int>, IAuditedRequest;

public sealed class RevokeUserSessionsHandler(IPortalDbContext db, TimeProvider clock)
    : ICommandHandler<RevokeUserSessionsCommand, int>
{
    public async ValueTask<int> Handle(RevokeUserSessionsCommand command, CancellationToken cancellationToken)
    {
        var sessions = await db.Sessions
            .Where(s => s.Username == command.Username && s.EndedAt == null)
            .ToListAsync(cancellationToken);
        var ended = SessionEnding.Revoke(db, sessions, clock.GetUtcNow().UtcDateTime, command.Administrator, command.Origin,
            "Every session of the user revoked");
        await db.SaveChangesAsync(cancellationToken);
        return ended;
    }
}
