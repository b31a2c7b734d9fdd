using CasPortal.Application.Sessions;

namespace CasPortal.Application.Authentication.StartLogin;

/// <summary>Sends the browser to the CAS server, remembering where to return after sign-in.</summary>
/// <param name="GatewayAttempt">
/// An anonymous visitor at the front door: ask CAS to sign them in only if it can do so silently. The gateway policy
/// decides whether this visit tries at all (<see cref="GatewayPolicy"/>).
/// </param>
/// <param name="BrowserIdHash">The hash of the browser's browser-id cookie (<see cref="BrowserId"/>).</param>
/// <param name="Renew">The user must type the password this time (a sign-in restarted for re-authentication).</param>
/// <param name="SignInState">The nonce the browser keeps for this sign-in; it rides in the service URL and comes back with the ticket.</param>
/// <param name="GatewayAlreadyTried">This browser session already had its silent attempt (the browser's gateway mark).</param>
public sealed record StartLoginCommand(
    string? ReturnUrl,
    bool GatewayAttempt = false,
    string? BrowserIdHash = null,
    bool Renew = false,
    string? SignInState = null,
    bool GatewayAlreadyTried = false)
    : ICommand<StartLoginResult>, IAuditedRequest;

public abstract record StartLoginResult
{
    private StartLoginResult()
    {
    }

    /// <summary>
    /// Send the browser to <paramref name="CasLoginUrl"/>. <paramref name="MarkGatewayTried"/>: this was the browser's
    /// silent attempt, so mark it and never try again in this browser session.
    /// </summary>
    public sealed record RedirectToCas(Uri CasLoginUrl, bool MarkGatewayTried = false) : StartLoginResult;

    /// <summary>A front-door visit while Cas:Gateway is off: the visitor signs in the usual way.</summary>
    public sealed record RedirectToSignIn : StartLoginResult;

    /// <summary>A front-door visit after the silent attempt: the visitor stays anonymous, on the home page.</summary>
    public sealed record StayAnonymous : StartLoginResult;
}

public sealed class StartLoginHandler(
    ICasGateway cas,
    IPortalDbContext db,
    AuditTrail audit,
    IOptions<PortalOptions> portal,
    IOptions<CasOptions> casOptions) : ICommandHandler<StartLoginCommand, StartLoginResult>
{
    public async ValueTask<StartLoginResult> Handle(StartLoginCommand command, CancellationToken cancellationToken)
    {
        if (GatewayPolicy.InsteadOfSignIn(command, casOptions.Value) is { } noSignIn)
        {
            return noSignIn;
        }

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

        return new StartLoginResult.RedirectToCas(
            cas.BuildLoginUrl(new CasLoginRequest(service, gatewayAttempt, renew)), MarkGatewayTried: command.GatewayAttempt);
    }

    private async Task<ReauthenticationRequirement?> BrowserRequirementAsync(string? browserIdHash, CancellationToken cancellationToken) =>
        browserIdHash is null
            ? null
            : await db.ReauthenticationRequirements.AsNoTracking()
                .Where(r => r.Scope == ReauthenticationScope.Browser && r.BrowserIdHash == browserIdHash)
                .OrderByDescending(r => r.SetAt)
                .FirstOrDefaultAsync(cancellationToken);
}
