using CasPortal.Application.Authentication.Logout;
using CasPortal.Web.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;

namespace CasPortal.Web.Pages;

/// <summary>
/// Sign-out is a POST with an antiforgery token (a GET sign-out lets any page sign users out); GET only asks to confirm.
/// It fails closed: the cookie goes whatever the database says.
/// </summary>
[EnableRateLimiting(RateLimiting.SignOutPolicy)]
public sealed class LogoutModel(IMediator mediator, PendingSignOuts pending, TimeProvider clock, ILogger<LogoutModel> logger) : PageModel
{
    /// <summary>Set when the database refused to record the sign-out: the page says so and links to the CAS sign-out.</summary>
    public Uri? UnrecordedCasLogoutUrl { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var sessionId = SessionPrincipal.SessionIdOf(User);
        var result = await mediator.Send(new LogoutCommand(sessionId), cancellationToken);
        await HttpContext.SignOutAsync(SessionPrincipal.Scheme);
        if (result.Recorded || sessionId is null)
        {
            return Redirect(result.CasLogoutUrl.OriginalString);
        }

        WebLog.SignOutNotRecorded(logger);
        pending.Add(sessionId, ClientOrigin.Of(HttpContext), clock.GetUtcNow().UtcDateTime);
        UnrecordedCasLogoutUrl = result.CasLogoutUrl;
        Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return Page();
    }
}
