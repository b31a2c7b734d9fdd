using CasPortal.Application.Common.Telemetry;
using CasPortal.Application.Sessions;

namespace CasPortal.Application.Authentication.ValidateTicket;

/// <summary>
/// The CAS server sent the browser back with a ticket: validate it and start a portal session.
/// </summary>
/// <param name="IsRetry">The previous attempt in this browser already failed with a dead ticket.</param>
/// <param name="CurrentSessionId">The session the browser still holds, if any; a new sign-in replaces it.</param>
/// <param name="BrowserIdHash">The hash of the browser's browser-id cookie (<see cref="BrowserId"/>), stored on the session.</param>
/// <param name="Renew">The service URL carries the renew mark: the login asked for renew, so the validation does too.</param>
/// <param name="SignInState">The state the service URL carried back (part of the service string CAS compares).</param>
/// <param name="StartedInThisBrowser">
/// The state matched one this browser holds. Otherwise the ticket is not validated: it may have been minted for someone
/// else and sent here by a link (login CSRF).
/// </param>
public sealed record ValidateTicketCommand(
    string Ticket,
    string? ReturnUrl,
    bool IsRetry,
    string? CurrentSessionId,
    bool GatewayAttempt = false,
    string? BrowserIdHash = null,
    bool Renew = false,
    string? SignInState = null,
    bool StartedInThisBrowser = false) : ICommand<ValidateTicketResult>, IAuditedRequest;

public abstract record ValidateTicketResult
{
    private ValidateTicketResult()
    {
    }

    /// <summary>A session was started; sign the browser in with it and go to <paramref name="RedirectTo"/> (a local path).</summary>
    public sealed record SignedIn(string SessionId, string SessionReference, string Username, string RedirectTo) : ValidateTicketResult;

    /// <summary>
    /// A ticket this browser did not ask for arrived while it is signed in: nothing changes, the browser goes on to
    /// <paramref name="RedirectTo"/> (a local path) with the session it has.
    /// </summary>
    public sealed record KeptSession(string RedirectTo) : ValidateTicketResult;

    /// <summary>
    /// Sign in afresh, returning to <paramref name="ReturnUrl"/>: once after a replayed ticket (refresh, back button) or
    /// one this browser did not ask for, or with <paramref name="Renew"/> when a single sign-on ticket came for a user
    /// or browser that must type the password again.
    /// </summary>
    public sealed record RestartLogin(string? ReturnUrl, bool Renew = false) : ValidateTicketResult;

    /// <summary>Sign-in failed; <paramref name="Message"/> says why in plain words.</summary>
    public sealed record Failed(CasFailureKind Kind, string Message) : ValidateTicketResult;
}

public sealed class ValidateTicketHandler(
    ICasGateway cas,
    IPortalDbContext db,
    AuditTrail audit,
    IRequestContext request,
    IOptions<PortalOptions> portal,
    IOptions<SessionOptions> sessions,
    IOptions<CasOptions> casOptions,
    TimeProvider clock) : ICommandHandler<ValidateTicketCommand, ValidateTicketResult>
{
    public async ValueTask<ValidateTicketResult> Handle(ValidateTicketCommand command, CancellationToken cancellationToken)
    {
        var returnUrl = ReturnUrl.LocalOrNull(command.ReturnUrl);
        var ticketHash = TicketHash.Of(command.Ticket);
        if (!command.StartedInThisBrowser && !IsProxyTicketCall(command))
        {
            return await NotStartedHereAsync(command, returnUrl, ticketHash, cancellationToken);
        }

        // The same string StartLogin sent: rebuilt from configuration, the return path and the state, never from the
        // request URL.
        var service = ServiceUrls.ForLogin(
            portal.Value.PublicBaseUrl, returnUrl, command.GatewayAttempt, command.Renew, command.SignInState);

        var validation = await cas.ValidateServiceTicketAsync(command.Ticket, service, command.Renew, cancellationToken);
        using var databaseWork = PortalTelemetry.ActivitySource.StartActivity(PortalTelemetry.Spans.SignInDatabaseWork);
        var now = clock.GetUtcNow().UtcDateTime;

        if (validation.Failure is { } failure)
        {
            return await FailAsync(command, failure.Kind, failure.Code, failure.Reason, ticketHash, cancellationToken);
        }

        var assertion = validation.Assertion!;
        if (assertion.Username.Length > Limits.UsernameLength)
        {
            return await FailAsync(command, CasFailureKind.TicketRejected, "USERNAME_TOO_LONG",
                $"The CAS server named a user longer than {Limits.UsernameLength} characters.", ticketHash, cancellationToken);
        }

        var requirements = await Reauthentication.ApplyingToAsync(db, assertion.Username, command.BrowserIdHash, cancellationToken);
        var proof = requirements.Count == 0 ? null : ProofOfCredentials(command, assertion, requirements);
        if (requirements.Count > 0 && proof is null)
        {
            return await RestartForReauthenticationAsync(command, assertion.Username, requirements, returnUrl, ticketHash, cancellationToken);
        }

        var sessionId = PortalSession.NewId();
        var session = new PortalSession(
            sessionId,
            assertion.Username,
            ticketHash,
            assertion.Attributes,
            now,
            sessions.Value.IdleTimeout,
            sessions.Value.AbsoluteLifetime,
            request.ClientIp,
            request.UserAgent,
            command.BrowserIdHash);
        // The one place Cas:RequireProxyGrantingTicket is decided: an IOU in the answer proves nothing until the proxy
        // callback has delivered its ticket.
        if (!await BindProxyGrantingTicketAsync(assertion, session.IdHash, now, cancellationToken) && casOptions.Value.RequireProxyGrantingTicket)
        {
            return await FailAsync(command, CasFailureKind.TicketRejected, CasFailureCodes.ProxyGrantingTicketMissing,
                "The CAS server did not deliver the proxy-granting ticket this portal requires (Cas:RequireProxyGrantingTicket; "
                + "could it reach Cas:ProxyCallbackUrl?).", ticketHash, cancellationToken);
        }

        await EndReplacedSessionAsync(command, now, cancellationToken);
        db.Sessions.Add(session);
        audit.Record(AuditEventType.LoginSucceeded, session.Username, session.Reference, $"Ticket #{TicketHash.Short(ticketHash)}");
        if (proof is { } proven)
        {
            RecordReauthentication(session, requirements, proven.Code, proven.How);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (proof is not null)
        {
            // After the session is saved: should this fail, the requirement stays and asks once more (the safe side).
            await Reauthentication.ClearAsync(db, requirements, cancellationToken);
        }

        return new ValidateTicketResult.SignedIn(sessionId, session.Reference, session.Username, returnUrl ?? ReturnUrl.Default);
    }

    /// <summary>
    /// What proves the user typed credentials for this sign-in after every requirement was set: a validation with renew
    /// (the server refuses single sign-on tickets then), or a CAS 3 authenticationDate after the newest requirement.
    /// </summary>
    private (string Code, string How)? ProofOfCredentials(
        ValidateTicketCommand command, CasAssertion assertion, IReadOnlyList<ReauthenticationRequirement> requirements)
    {
        if (command.Renew || casOptions.Value.Renew)
        {
            return (Reauthentication.RenewProofCode, "the CAS server checked the credentials for this sign-in (renew)");
        }

        return FreshCredentialProof.After(assertion.Attributes, requirements.Max(r => r.SetAt)) is { } authenticatedAt
            ? (Reauthentication.AuthenticationDateProofCode,
                $"the CAS server reports credentials checked at {authenticatedAt:yyyy-MM-dd HH:mm:ss} UTC, after the requirement (authenticationDate)")
            : null;
    }

    private void RecordReauthentication(
        PortalSession session, IReadOnlyList<ReauthenticationRequirement> requirements, string code, string how)
    {
        audit.Record(AuditEventType.ReauthenticatedWithCredentials, session.Username, session.Reference,
            $"Signed in again with a typed password: {how}", code);
        foreach (var requirement in requirements)
        {
            audit.Record(AuditEventType.ReauthenticationLifted, requirement.Username, session.Reference,
                $"Lifted by {session.Username} typing the password: {Reauthentication.Describe(requirement)}",
                Reauthentication.LiftedByReauthenticationCode);
        }
    }

    /// <summary>
    /// A single sign-on ticket for a user or browser under a requirement: no session. The browser signs in again with
    /// renew; that sign-in either proves a typed password and clears the requirement or fails, so this happens once.
    /// </summary>
    private async Task<ValidateTicketResult> RestartForReauthenticationAsync(
        ValidateTicketCommand command, string username, IReadOnlyList<ReauthenticationRequirement> requirements,
        string? returnUrl, string ticketHash, CancellationToken cancellationToken)
    {
        audit.Record(AuditEventType.SignInRestartedForReauthentication, username, null,
            $"Single sign-on ticket #{TicketHash.Short(ticketHash)} refused: the password must be typed again for "
                + string.Join("; ", requirements.Select(Reauthentication.Describe)) + ". Asking the CAS server with renew.",
            Reauthentication.RestartCode);
        await db.SaveChangesAsync(cancellationToken);
        return new ValidateTicketResult.RestartLogin(returnUrl, Renew: true);
    }

    /// <summary>The PGT arrived at the proxy callback before this answer; the IOU in the answer says whose it is.</summary>
    private async Task<bool> BindProxyGrantingTicketAsync(CasAssertion assertion, string sessionIdHash, DateTime now, CancellationToken cancellationToken)
    {
        if (assertion.ProxyGrantingTicketIou is not { } iou)
        {
            return false;
        }

        var pgt = await db.ProxyGrantingTickets.FindAsync([iou], cancellationToken);
        return pgt is not null && pgt.BindTo(sessionIdHash, now);
    }

    private async Task EndReplacedSessionAsync(ValidateTicketCommand command, DateTime now, CancellationToken cancellationToken)
    {
        if (command.CurrentSessionId is null)
        {
            return;
        }

        var previous = await db.Sessions.FindAsync([PortalSession.HashOfId(command.CurrentSessionId)], cancellationToken);
        previous?.End(now, SessionEndReason.Replaced);
    }

    /// <summary>
    /// Login CSRF: a ticket this browser never asked for (perhaps minted for an attacker's account) is not validated and
    /// changes no session. A signed-in browser keeps its session; another starts a clean sign-in once, then sees why.
    /// </summary>
    private async Task<ValidateTicketResult> NotStartedHereAsync(
        ValidateTicketCommand command, string? returnUrl, string ticketHash, CancellationToken cancellationToken)
    {
        var signedIn = command.CurrentSessionId is not null;
        var restart = !signedIn && !command.IsRetry;
        var outcome = signedIn ? "kept the current session" : restart ? "signing in again" : "refused";
        audit.Record(AuditEventType.LoginFailed, code: SignInNotStartedHereCode,
            detail: $"{SignInNotStartedHereCode}: the ticket came back without a sign-in this browser started; not validated (ticket #{TicketHash.Short(ticketHash)}; {outcome})");
        await db.SaveChangesAsync(cancellationToken);

        if (signedIn)
        {
            return new ValidateTicketResult.KeptSession(returnUrl ?? ReturnUrl.Default);
        }

        return restart
            ? new ValidateTicketResult.RestartLogin(returnUrl)
            : new ValidateTicketResult.Failed(CasFailureKind.TicketRejected,
                "This sign-in link was not started in this browser, so it was not used. Please sign in again.");
    }

    /// <summary>
    /// A proxy ticket presented by a service the portal trusts as a proxy (Cas:AllowedProxyChains, Cas:AcceptAnyProxy)
    /// comes from that service, not from a browser that started a sign-in; its chain is checked instead.
    /// </summary>
    private bool IsProxyTicketCall(ValidateTicketCommand command) =>
        command.SignInState is null
        && command.Ticket.StartsWith(Tickets.ProxyTicketPrefix, StringComparison.Ordinal)
        && (casOptions.Value.AcceptAnyProxy || casOptions.Value.AllowedProxyChains.Count > 0);

    /// <summary>The audit code of a ticket that came back to a browser that did not start its sign-in.</summary>
    public const string SignInNotStartedHereCode = "SIGN_IN_NOT_STARTED_HERE";

    private async Task<ValidateTicketResult> FailAsync(
        ValidateTicketCommand command,
        CasFailureKind kind,
        string code,
        string reason,
        string ticketHash,
        CancellationToken cancellationToken)
    {
        var replayed = code == CasFailureCodes.InvalidTicket && !command.IsRetry;
        var detail = $"{code}: {reason} (ticket #{TicketHash.Short(ticketHash)}{(replayed ? "; signing in again" : string.Empty)})";
        audit.Record(AuditEventType.LoginFailed, detail: detail, code: code);
        await db.SaveChangesAsync(cancellationToken);

        if (replayed)
        {
            return new ValidateTicketResult.RestartLogin(ReturnUrl.LocalOrNull(command.ReturnUrl), command.Renew);
        }

        return new ValidateTicketResult.Failed(kind, UserMessage(kind, code, reason));
    }

    private static string UserMessage(CasFailureKind kind, string code, string reason) => kind switch
    {
        CasFailureKind.Timeout => "The sign-in server did not answer in time. Please try again in a moment.",
        CasFailureKind.ServerError => $"The sign-in server could not confirm your sign-in. {reason}",
        _ => code switch
        {
            CasFailureCodes.InvalidTicket => "Your sign-in link has expired or was already used.",
            CasFailureCodes.InvalidService => "The sign-in server issued your ticket for a different address.",
            _ => $"The sign-in server refused your sign-in ({code}). {reason}",
        },
    };
}
