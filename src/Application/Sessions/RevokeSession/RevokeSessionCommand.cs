using CasPortal.Application.Common.Interfaces;
using CasPortal.Application.Common.Models;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Application.Sessions.RevokeSession;

/// <summary>An administrator ends one session, named by its reference; the user is signed out on their next request.</summary>
public sealed record RevokeSessionCommand(string SessionReference, string Administrator, RequestOrigin Origin)
    : ICommand<int>, IAuditedRequest;

public sealed class RevokeSessionHandler(IPortalDbContext db, TimeProvider clock) : ICommandHandler<RevokeSessionCommand, int>
{
    public async ValueTask<int> Handle(RevokeSessionCommand command, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Reference == command.SessionReference, cancellationToken);
        if (session is null)
        {
            return 0;
        }

        var ended = SessionEnding.Revoke(db, [session], clock.GetUtcNow().UtcDateTime, command.Administrator, command.Origin,
            "Session revoked");
        await db.SaveChangesAsync(cancellationToken);
        return ended;
    }
}
