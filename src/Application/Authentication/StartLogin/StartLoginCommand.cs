using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Interfaces;
using CasPortal.Application.Common.Models;
using CasPortal.Application.Common.Options;
using CasPortal.Domain.Audit;
using Mediator;
using Microsoft.Extensions.Options;

namespace CasPortal.Application.Authentication.StartLogin;

/// <summary>Sends the browser to the CAS server, remembering where to return after sign-in.</summary>
/// <param name="GatewayAttempt">Ask CAS to sign the user in only if it can do so silently (Cas:Gateway).</param>
/// <param name="SignInState">The nonce the browser keeps for this sign-in; it rides in the service URL and comes back with the ticket.</param>
public sealed record StartLoginCommand(string? ReturnUrl, RequestOrigin Origin, bool GatewayAttempt = false, string? SignInState = null)
    : ICommand<StartLoginResult>, IAuditedRequest;

public sealed record StartLoginResult(Uri CasLoginUrl);

public sealed class StartLoginHandler(
    ICasGateway cas,
    IPortalDbContext db,
    IOptions<PortalOptions> portal,
    TimeProvider clock) : ICommandHandler<StartLoginCommand, StartLoginResult>
{
    public async ValueTask<StartLoginResult> Handle(StartLoginCommand command, CancellationToken cancellationToken)
    {
        var returnUrl = Authentication.ReturnUrl.LocalOrNull(command.ReturnUrl);
        var service = ServiceUrls.ForLogin(portal.Value.PublicBaseUrl, returnUrl, command.GatewayAttempt, command.SignInState);

        db.AuditEvents.Add(new AuditEvent(
            clock.GetUtcNow().UtcDateTime,
            AuditEventType.LoginStarted,
            clientIp: command.Origin.ClientIp,
            userAgent: command.Origin.UserAgent,
            detail: $"Return to {returnUrl ?? Authentication.ReturnUrl.Default}{(command.GatewayAttempt ? " (silent gateway attempt)" : string.Empty)}"));
        await db.SaveChangesAsync(cancellationToken);

        return new StartLoginResult(command.GatewayAttempt ? cas.BuildLoginUrl(service, gatewayAttempt: true) : cas.BuildLoginUrl(service));
    }
}
