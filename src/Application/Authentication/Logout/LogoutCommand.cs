using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Interfaces;
using CasPortal.Application.Common.Models;
using CasPortal.Application.Common.Options;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using Mediator;
using Microsoft.Extensions.Options;

namespace CasPortal.Application.Authentication.Logout;

/// <summary>Ends the user's portal session, then sends the browser to the CAS server to end the single sign-on.</summary>
public sealed record LogoutCommand(string? SessionId, RequestOrigin Origin) : ICommand<LogoutResult>, IAuditedRequest;

public sealed record LogoutResult(Uri CasLogoutUrl);

public sealed class LogoutHandler(
    ICasGateway cas,
    IPortalDbContext db,
    IOptions<PortalOptions> portal,
    TimeProvider clock) : ICommandHandler<LogoutCommand, LogoutResult>
{
    public async ValueTask<LogoutResult> Handle(LogoutCommand command, CancellationToken cancellationToken)
    {
        if (command.SessionId is not null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var session = await db.Sessions.FindAsync([PortalSession.HashOfId(command.SessionId)], cancellationToken);
            if (session is not null && session.End(now, SessionEndReason.Logout))
            {
                db.AuditEvents.Add(new AuditEvent(
                    now, AuditEventType.Logout, session.Username, session.Reference,
                    command.Origin.ClientIp, command.Origin.UserAgent, "Signed out by the user"));
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        return new LogoutResult(cas.BuildLogoutUrl(ServiceUrls.ForLogoutCallback(portal.Value.PublicBaseUrl)));
    }
}
