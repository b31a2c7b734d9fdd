using CasPortal.Application.Authentication.Logout;
using CasPortal.Web.Authentication;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using CasPortal.Web.Security;

namespace CasPortal.Web.Pages;

/// <summary>
/// Sign-out is a POST with an antiforgery token (a GET sign-out lets any page sign users out); GET only asks to confirm.
/// </summary>
[EnableRateLimiting(RateLimiting.LogoutPolicy)]
public sealed class LogoutModel(IMediator mediator) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await mediator.Send(
            new LogoutCommand(SessionPrincipal.SessionIdOf(User), HttpContext.Origin()), cancellationToken);
        await HttpContext.SignOutAsync(SessionPrincipal.Scheme);
        return Redirect(result.CasLogoutUrl.OriginalString);
    }
}
