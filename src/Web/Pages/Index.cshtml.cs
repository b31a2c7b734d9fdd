using CasPortal.Application.Authentication.StartLogin;
using CasPortal.Application.Common.Options;
using CasPortal.Web.Authentication;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CasPortal.Web.Pages;

/// <summary>
/// The front door: signed-in users go to their profile. Anonymous visitors start signing in — or, with Cas:Gateway,
/// are signed in silently once per browser session if they already have a single sign-on session, and otherwise see
/// this page with a sign-in button.
/// </summary>
public sealed class IndexModel(IMediator mediator, IOptions<CasOptions> cas, IOptions<PortalOptions> portal) : PageModel
{
    /// <summary>Marks a browser session in which the silent sign-in was already tried, so it is tried only once.</summary>
    public const string GatewayCookie = "casportal.gateway";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return LocalRedirect("/profile");
        }

        if (!cas.Value.Gateway)
        {
            return LocalRedirect("/login");
        }

        if (Request.Cookies.ContainsKey(GatewayCookie))
        {
            return Page();
        }

        Response.Cookies.Append(GatewayCookie, "tried", PortalCookies.Marker(portal.Value));
        var state = SignInStateCookie.Issue(HttpContext, portal.Value, cas.Value);
        var start = await mediator.Send(
            new StartLoginCommand(
                "/profile",
                GatewayAttempt: true,
                BrowserIdHash: BrowserIdCookie.Ensure(HttpContext, portal.Value),
                SignInState: state),
            cancellationToken);
        return Redirect(start.CasLoginUrl.OriginalString);
    }
}
