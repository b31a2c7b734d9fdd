using CasPortal.Application.Audit;
using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Interfaces;
using CasPortal.Application.Common.Options;
using CasPortal.Application.Sessions;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CasPortal.Application.Authentication.StartLogin;

/// <summary>Sends the browser to the CAS server, remembering where to return after sign-in.</summary>
/// <param name="GatewayAttempt">Ask CAS to sign the user in only if it can do so silently (Cas:Gateway).</param>
/// <param name="BrowserIdHash">The hash of the browser's browser-id cookie (<see cref="BrowserId"/>).</param>
/// <param name="Renew">The user must type the password this time (a sign-in restarted for re-authentication).</param>
/// <param name="SignInState">The nonce the browser keeps for this sign-in; it rides in the service URL and comes back with the ticket.</param>
public sealed record StartLoginCommand(
    string? ReturnUrl,
    bool GatewayAttempt = false,
    string? BrowserIdHash = null,
    bool Renew = false,
    string? SignInState = null)
    : ICommand<StartLoginResult>, IAuditedRequest;

public sealed record StartLoginResult(Uri CasLoginUrl);

public sealed class StartLoginHandler(
    ICasGateway cas,
    IPortalDbContext db,
    AuditTrail audit,
    IOptions<PortalOptions> portal,
    IOptions<CasOptions> casOptions) : ICommandHandler<StartLoginCommand, StartLoginResult>
{
    public async ValueTask<StartLoginResult> Handle(StartLoginCommand command, CancellationToken cancellationToken)
    {
        var returnUrl = Authentication.ReturnUrl.LocalOrNull(command.ReturnUrl);
        // Cas:Renew already asks on every sign-in; otherwise a revoked browser, or a restart, asks for this one. Renew
        // wins over a silent gateway attempt, as the CAS protocol says it does.
        var browserRequirement = casOptions.Value.Renew || command.Renew
            ? null
            : await BrowserRequirementAsync(command.BrowserIdHash, cancellationToken);
        var renew = !casOptions.Value.Renew && (command.Renew || browserRequirement is not null);
        var gatewayAttempt = command.GatewayAttempt && !renew;
        var service = ServiceUrls.ForLogin(portal.Value.PublicBaseUrl, returnUrl, gatewayAttempt, renew, command.SignInState);

        audit.Record(
            AuditEventType.LoginStarted,
            detail: $"Return to {returnUrl ?? Authentication.ReturnUrl.Default}{(gatewayAttempt ? " (silent gateway attempt)" : string.Empty)}"
                + (renew ? " (password required: renew)" : string.Empty));
        if (browserRequirement is not null)
        {
            audit.Record(AuditEventType.SignInRestartedForReauthentication, browserRequirement.Username, null,
                $"This browser must type a password: {Reauthentication.Describe(browserRequirement)}. Asking the CAS server with renew.",
                Reauthentication.RestartCode);
        }

        await db.SaveChangesAsync(cancellationToken);

        return new StartLoginResult(renew
            ? cas.BuildLoginUrl(service, gatewayAttempt: false, renew: true)
            : gatewayAttempt ? cas.BuildLoginUrl(service, gatewayAttempt: true) : cas.BuildLoginUrl(service));
    }

    private async Task<ReauthenticationRequirement?> BrowserRequirementAsync(string? browserIdHash, CancellationToken cancellationToken) =>
        browserIdHash is null
            ? null
            : await db.ReauthenticationRequirements.AsNoTracking()
                .Where(r => r.Scope == ReauthenticationScope.Browser && r.BrowserIdHash == browserIdHash)
                .OrderByDescending(r => r.SetAt)
                .FirstOrDefaultAsync(cancellationToken);
}
