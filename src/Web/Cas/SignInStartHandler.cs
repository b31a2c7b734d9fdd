using CasPortal.Application.Authentication.StartLogin;

namespace CasPortal.Web.Cas;

/// <summary>GET /login without a ticket: send the browser to CAS with a new sign-in state bound to this browser.</summary>
public sealed class SignInStartHandler(IMediator mediator, IOptions<PortalOptions> portal, IOptions<CasOptions> cas)
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (ServiceUrlQuery.GatewayMarked(context.Request))
        {
            // The silent attempt came back without a ticket: no single sign-on session, so the visitor stays anonymous.
            return Results.LocalRedirect("/");
        }

        var state = SignInStateCookie.Issue(context, portal.Value, cas.Value);
        var start = await mediator.Send(
            new StartLoginCommand(
                ServiceUrlQuery.Next(context.Request),
                BrowserIdHash: BrowserIdCookie.Ensure(context, portal.Value),
                Renew: ServiceUrlQuery.RenewMarked(context.Request),
                SignInState: state),
            cancellationToken);
        return start switch
        {
            StartLoginResult.RedirectToCas toCas => Results.Redirect(toCas.CasLoginUrl.OriginalString),
            var unexpected => throw new InvalidOperationException($"Unhandled sign-in start {unexpected.GetType().Name}."),
        };
    }
}
