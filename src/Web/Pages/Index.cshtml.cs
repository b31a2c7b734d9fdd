using CasPortal.Application.Authentication;
using CasPortal.Application.Authentication.StartLogin;

namespace CasPortal.Web.Pages;

/// <summary>
/// The front door: signed-in users go to their profile. Anonymous visitors start signing in — or, with Cas:Gateway,
/// are signed in silently once per browser session if they already have a single sign-on session, and otherwise see
/// this page with a sign-in button. StartLogin's gateway policy decides which.
/// </summary>
public sealed class IndexModel(IMediator mediator, IOptions<CasOptions> cas, IOptions<PortalOptions> portal) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return LocalRedirect("/profile");
        }

        var state = SignInState.New();
        var start = await mediator.Send(
            new StartLoginCommand(
                "/profile",
                GatewayAttempt: true,
                BrowserIdHash: BrowserIdCookie.Ensure(HttpContext, portal.Value),
                SignInState: state,
                GatewayAlreadyTried: GatewayAttemptCookie.IsSet(Request)),
            cancellationToken);
        switch (start)
        {
            case StartLoginResult.RedirectToCas toCas:
                if (toCas.MarkGatewayTried)
                {
                    GatewayAttemptCookie.Set(HttpContext, portal.Value);
                }

                SignInStateCookie.Remember(HttpContext, state, portal.Value, cas.Value);
                return Redirect(toCas.CasLoginUrl.OriginalString);

            case StartLoginResult.RedirectToSignIn:
                return LocalRedirect("/login");

            case StartLoginResult.StayAnonymous:
                return Page();

            case var unexpected:
                throw new InvalidOperationException($"Unhandled sign-in start {unexpected.GetType().Name}.");
        }
    }
}
