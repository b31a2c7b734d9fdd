using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Interfaces;
using Mediator;

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
