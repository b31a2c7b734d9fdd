using CasPortal.Application.Sessions.GetActiveSession;
using CasPortal.Application.Sessions.TouchSession;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CasPortal.Web.Authentication;

/// <summary>
/// Keeps the authentication ticket server-side: the cookie carries only the session id, and every request asks the
/// session table whether that session is still active. Ending the row ends the session on the next request.
/// </summary>
public sealed class ServerSideSessionStore : ITicketStore
{
    public Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken) =>
        Task.FromResult(ticket.Principal.FindFirst(SessionPrincipal.SessionIdClaim)?.Value
            ?? throw new InvalidOperationException("Sign-in needs a session id claim; start sessions with ValidateTicket."));

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var session = await ActiveSessionAsync(key, httpContext, cancellationToken);
        if (session is null)
        {
            return null;
        }

        var properties = new AuthenticationProperties { ExpiresUtc = new DateTimeOffset(session.AbsoluteExpiresAt, TimeSpan.Zero) };
        return new AuthenticationTicket(SessionPrincipal.From(session), properties, SessionPrincipal.Scheme);
    }

    /// <summary>
    /// Reads the row (with the user's sessions, for a page that lists them); only when it is due (an expiry to record, or
    /// the "last seen" mark) writes it too, and a session the write finds over is refused.
    /// </summary>
    private static async Task<ActiveSession?> ActiveSessionAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var mediator = httpContext.RequestServices.GetRequiredService<IMediator>();
        var check = await mediator.Send(new GetActiveSessionQuery(key, OwnSessions.Wanted(httpContext)), cancellationToken);
        if (check.TouchDue && !await mediator.Send(new TouchSessionCommand(key), cancellationToken))
        {
            return null;
        }

        if (check.OwnSessions is { } ownSessions)
        {
            OwnSessions.Keep(httpContext, ownSessions);
        }

        return check.Session;
    }

    // The row already holds everything a renewal would write.
    public Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    // Sign-out ends the row through the Logout command, which also audits it; the cookie handler only drops the cookie.
    public Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken) => Task.CompletedTask;

    // The cookie handler always calls the overloads above, which carry the request's services.
    public Task<string> StoreAsync(AuthenticationTicket ticket) => throw HttpContextRequired();
    public Task RenewAsync(string key, AuthenticationTicket ticket) => throw HttpContextRequired();
    public Task<AuthenticationTicket?> RetrieveAsync(string key) => throw HttpContextRequired();
    public Task RemoveAsync(string key) => throw HttpContextRequired();

    private static NotSupportedException HttpContextRequired() => new("The session store needs the request's HttpContext.");
}
