using CasPortal.Application.Authentication.StartLogin;
using CasPortal.Application.Authentication.ValidateTicket;
using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Options;
using CasPortal.Web.Authentication;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CasPortal.Web.Pages;

/// <summary>
/// The CAS service URL. Without a ticket it sends the browser to CAS; with one (CAS sent the browser back) it validates
/// the ticket and signs the browser in. The page itself only renders when sign-in failed.
/// </summary>
public sealed class LoginModel(IMediator mediator, IOptions<PortalOptions> portal, ILogger<LoginModel> logger) : PageModel
{
    /// <summary>Marks a browser that was already sent back to CAS once after a dead ticket, so it never loops.</summary>
    public const string RetryCookie = "casportal.retry";

    public string? FailureMessage { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? next, CancellationToken cancellationToken)
    {
        if (!Request.Query.TryGetValue("ticket", out var tickets))
        {
            var start = await mediator.Send(new StartLoginCommand(next, HttpContext.Origin()), cancellationToken);
            return Redirect(start.CasLoginUrl.OriginalString);
        }

        var command = new ValidateTicketCommand(
            tickets.ToString(),
            next,
            IsRetry: Request.Cookies.ContainsKey(RetryCookie),
            SessionPrincipal.SessionIdOf(User),
            HttpContext.Origin());

        switch (await mediator.Send(command, cancellationToken))
        {
            case ValidateTicketResult.SignedIn signedIn:
                Response.Cookies.Delete(RetryCookie, RetryCookieOptions());
                await HttpContext.SignInAsync(
                    SessionPrincipal.Scheme, SessionPrincipal.ForSignIn(signedIn.SessionId, signedIn.Username));
                WebLog.SignedIn(logger, signedIn.Username, signedIn.SessionId[..6]);
                // A redirect without the ticket, so it stays out of history, logs and Referer.
                return LocalRedirect(signedIn.RedirectTo);

            case ValidateTicketResult.RestartLogin restart:
                WebLog.RestartingLogin(logger);
                Response.Cookies.Append(RetryCookie, "1", RetryCookieOptions());
                return LocalRedirect(restart.ReturnUrl is null ? "/login" : "/login?next=" + Uri.EscapeDataString(restart.ReturnUrl));

            case ValidateTicketResult.Failed failed:
                WebLog.SignInFailed(logger, failed.Kind.ToString());
                Response.Cookies.Delete(RetryCookie, RetryCookieOptions());
                FailureMessage = failed.Message;
                Response.StatusCode = failed.Kind switch
                {
                    CasFailureKind.TicketRejected => StatusCodes.Status401Unauthorized,
                    CasFailureKind.Timeout => StatusCodes.Status504GatewayTimeout,
                    _ => StatusCodes.Status502BadGateway,
                };
                return Page();

            case var unexpected:
                throw new InvalidOperationException($"Unhandled sign-in result {unexpected.GetType().Name}.");
        }
    }

    private CookieOptions RetryCookieOptions() => new()
    {
        HttpOnly = true,
        IsEssential = true,
        SameSite = SameSiteMode.Lax,
        Secure = portal.Value.PublicBaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase),
        Path = "/login",
        MaxAge = TimeSpan.FromMinutes(5),
    };
}
