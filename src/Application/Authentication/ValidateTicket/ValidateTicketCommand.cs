using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Models;
using Mediator;

namespace CasPortal.Application.Authentication.ValidateTicket;

/// <summary>
/// The CAS server sent the browser back with a ticket: validate it and start a portal session.
/// </summary>
/// <param name="IsRetry">The previous attempt in this browser already failed with a dead ticket.</param>
/// <param name="CurrentSessionId">The session the browser still holds, if any; a new sign-in replaces it.</param>
public sealed record ValidateTicketCommand(
    string Ticket,
    string? ReturnUrl,
    bool IsRetry,
    string? CurrentSessionId,
    RequestOrigin Origin,
    bool GatewayAttempt = false) : ICommand<ValidateTicketResult>, IAuditedRequest;

public abstract record ValidateTicketResult
{
    private ValidateTicketResult()
    {
    }

    /// <summary>A session was started; sign the browser in with it and go to <paramref name="RedirectTo"/> (a local path).</summary>
    public sealed record SignedIn(string SessionId, string SessionReference, string Username, string RedirectTo) : ValidateTicketResult;

    /// <summary>A replayed ticket (refresh, back button): sign in afresh once, returning to <paramref name="ReturnUrl"/>.</summary>
    public sealed record RestartLogin(string? ReturnUrl) : ValidateTicketResult;

    /// <summary>Sign-in failed; <paramref name="Message"/> says why in plain words.</summary>
    public sealed record Failed(CasFailureKind Kind, string Message) : ValidateTicketResult;
}
