using CasPortal.Application.Common.Interfaces;
using CasPortal.Application.Common.Models;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using Mediator;

namespace CasPortal.Application.Sessions.EndOwnSession;

/// <summary>
/// A user ends one of their own sessions in another browser (a lost phone, a shared computer). That browser must then
/// type a password to sign in again: the CAS server's single sign-on there is not enough.
/// </summary>
/// <returns>False when the session is not theirs, not active, or is the one they are using.</returns>
public sealed record EndOwnSessionCommand(string SessionId, string Username, string CurrentSessionId, RequestOrigin Origin)
    : ICommand<bool>, IAuditedRequest;

public sealed class EndOwnSessionHandler(IPortalDbContext db, TimeProvider clock) : ICommandHandler<EndOwnSessionCommand, bool>
{
    public async ValueTask<bool> Handle(EndOwnSessionCommand command, CancellationToken cancellationToken)
    {
        if (command.SessionId == command.CurrentSessionId)
        {
            return false;
        }

        var session = await db.Sessions.FindAsync([command.SessionId], cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        // Someone else's session id is treated exactly like an unknown one.
        if (session is null || session.Username != command.Username || !session.End(now, SessionEndReason.Logout))
        {
            return false;
        }

        db.AuditEvents.Add(new AuditEvent(now, AuditEventType.Logout, session.Username, session.Id,
            command.Origin.ClientIp, command.Origin.UserAgent, $"Ended by the user from session {command.CurrentSessionId[..6]}…"));
        await Reauthentication.RequireForBrowserOfAsync(db, session, command.Username,
            "signed out there by the user from another browser", command.Origin, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
