using CasPortal.Application.Authentication;
using CasPortal.Application.Common.Logging;
using CasPortal.Application.Authentication.StartLogin;
using CasPortal.Application.Authentication.ValidateTicket;
using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Options;
using CasPortal.Application.Common.Telemetry;
using System.Text.RegularExpressions;
using CasPortal.Application.Sessions.SingleLogout;
using CasPortal.Web.Authentication;
using CasPortal.Web.Http;
using CasPortal.Web.Security;
using Microsoft.AspNetCore.RateLimiting;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CasPortal.Web.Pages;

/// <summary>
/// The CAS service URL. Without a ticket it sends the browser to CAS; with one (CAS sent the browser back) it validates
/// the ticket and signs the browser in. CAS also sends single-logout requests here. The page itself only renders when
/// sign-in failed.
/// </summary>
[IgnoreAntiforgeryToken]
[EnableRateLimiting(RateLimiting.SignInPolicy)]
[RequestSizeLimit(MaxPostBytes)]
[RequestFormLimits(ValueLengthLimit = MaxPostBytes, ValueCountLimit = 16, KeyLengthLimit = 64)]
public sealed partial class LoginModel(
    IMediator mediator,
    IOptions<PortalOptions> portal,
    IOptions<CasOptions> cas,
    IOptions<SingleLogoutOptions> singleLogout,
    SignInThrottle throttle,
    PortalMetrics metrics,
    ILogger<LoginModel> logger) : PageModel
{
    /// <summary>Marks a browser that was already sent back to CAS once after a dead ticket, so it never loops.</summary>
    public const string RetryCookie = "casportal.retry";

    /// <summary>Only CAS servers post here (logout requests); nothing they send comes near this size.</summary>
    public const int MaxPostBytes = 1024 * 1024;

    public string? FailureMessage { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? next, CancellationToken cancellationToken)
    {
        if (FrontChannelLogoutRequest() is { } encodedLogout)
        {
            return await FrontChannelLogoutAsync(encodedLogout, cancellationToken);
        }

        var gatewayAttempt = Request.Query["gateway"] == "1";
        if (Request.Query.TryGetValue("ticket", out var tickets))
        {
            return await FinishSignInAsync(tickets.ToString(), next, gatewayAttempt, RenewMarked(), cancellationToken);
        }

        if (gatewayAttempt)
        {
            // The silent attempt came back without a ticket: no single sign-on session, so the visitor stays anonymous.
            return LocalRedirect("/");
        }

        var state = SignInStateCookie.Issue(HttpContext, portal.Value, cas.Value);
        var start = await mediator.Send(
            new StartLoginCommand(
                next,
                BrowserIdHash: BrowserIdCookie.Ensure(HttpContext, portal.Value),
                Renew: RenewMarked(),
                SignInState: state),
            cancellationToken);
        return Redirect(start.CasLoginUrl.OriginalString);
    }

    /// <summary>
    /// What CAS posts to the service URL: the ticket (Cas:LoginMethod Post), or a back-channel single logout — a SAML
    /// LogoutRequest as the form field logoutRequest or as the raw body. No antiforgery token (they come from the CAS
    /// server or its page); the body is capped before it is read.
    /// </summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var maxBytes = singleLogout.Value.MaxRequestBytes;
        string? logoutRequest;
        if (Request.HasFormContentType)
        {
            // Razor Pages has already read the form (within this page's size limits) to look for a handler name.
            var form = await Request.ReadFormAsync(cancellationToken);
            if (form.TryGetValue("ticket", out var postedTicket))
            {
                return await FinishSignInAsync(
                    postedTicket.ToString(), Request.Query["next"], Request.Query["gateway"] == "1", RenewMarked(), cancellationToken);
            }

            logoutRequest = form["logoutRequest"].ToString();
        }
        else
        {
            logoutRequest = await BoundedRequestBody.ReadAsync(Request, maxBytes, cancellationToken);
        }

        if (logoutRequest is null || logoutRequest.Length > maxBytes)
        {
            return StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        if (string.IsNullOrWhiteSpace(logoutRequest))
        {
            return BadRequest();
        }

        var outcome = await SingleLogoutAsync(logoutRequest, SingleLogoutChannel.BackChannel, cancellationToken);
        return outcome switch
        {
            SingleLogoutOutcome.Accepted => Content("OK", "text/plain"),
            SingleLogoutOutcome.SourceNotAllowed => StatusCode(StatusCodes.Status403Forbidden),
            _ => BadRequest(),
        };
    }

    private async Task<IActionResult> FinishSignInAsync(
        string ticket, string? next, bool gatewayAttempt, bool renew, CancellationToken cancellationToken)
    {
        var state = Request.Query[ServiceUrls.SignInStateParameter].ToString() is { Length: > 0 } returned ? returned : null;
        var startedHere = SignInStateCookie.TryConsume(HttpContext, state, portal.Value, cas.Value);
        var client = RateLimiting.ClientAddress(HttpContext);
        // A proxy ticket without a state comes from a trusted proxy service, not a browser; the handler checks its chain.
        var expected = startedHere || (state is null && ticket.StartsWith(Tickets.ProxyTicketPrefix, StringComparison.Ordinal));
        if (!expected && !throttle.TryRecordFailure(client, out var retryAfter))
        {
            // Junk or forged tickets from this address: refused before any work, without touching anyone else.
            RateLimiting.SetRetryAfter(Response, retryAfter);
            metrics.RateLimitRejected(RateLimiting.FailedSignInsPolicy);
            return StatusCode(StatusCodes.Status429TooManyRequests);
        }

        var command = new ValidateTicketCommand(
            ticket,
            next,
            IsRetry: Request.Cookies.ContainsKey(RetryCookie),
            SessionPrincipal.SessionIdOf(User),
            gatewayAttempt,
            BrowserIdCookie.Ensure(HttpContext, portal.Value),
            renew,
            state,
            startedHere);

        using var turn = expected ? await throttle.WaitForValidationTurnAsync(client, cancellationToken) : null;
        if (turn is { Granted: false })
        {
            WebLog.SignInFailed(logger, "ValidationQueueFull");
            metrics.RateLimitRejected(RateLimiting.CasValidationsPolicy);
            FailureMessage = "The sign-in server is too busy to confirm your sign-in right now. Please sign in again in a moment.";
            RateLimiting.SetRetryAfter(Response, TimeSpan.FromSeconds(10));
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }

        var result = await mediator.Send(command, cancellationToken);
        if (expected && result is ValidateTicketResult.Failed or ValidateTicketResult.RestartLogin)
        {
            // Counted, never refused: the next junk ticket from this address is what the budget stops.
            throttle.TryRecordFailure(client, out _);
        }

        switch (result)
        {
            case ValidateTicketResult.SignedIn signedIn:
                Response.Cookies.Delete(RetryCookie, RetryCookieOptions());
                await HttpContext.SignInAsync(
                    SessionPrincipal.Scheme, SessionPrincipal.ForSignIn(signedIn.SessionId, signedIn.Username));
                WebLog.SignedIn(logger, LogText.Escape(signedIn.Username), signedIn.SessionReference);
                // A redirect without the ticket, so it stays out of history, logs and Referer.
                return LocalRedirect(signedIn.RedirectTo);

            case ValidateTicketResult.RestartLogin { Renew: true } reauthenticate when !renew:
                // A single sign-on ticket for a user or browser that must type the password: once more, with renew.
                WebLog.RestartingLoginForReauthentication(logger);
                return LocalRedirect(RestartUrl(reauthenticate));

            case ValidateTicketResult.KeptSession kept:
                return LocalRedirect(kept.RedirectTo);

            case ValidateTicketResult.RestartLogin restart:
                WebLog.RestartingLogin(logger);
                Response.Cookies.Append(RetryCookie, "1", RetryCookieOptions());
                return LocalRedirect(RestartUrl(restart));

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

    /// <summary>The service URL's renew mark (<see cref="ServiceUrls.RenewMarker"/>): this sign-in must come from a typed password.</summary>
    private bool RenewMarked() => Request.Query["renew"] == "1";

    private static string RestartUrl(ValidateTicketResult.RestartLogin restart)
    {
        var query = new List<string>(2);
        if (restart.ReturnUrl is not null)
        {
            query.Add("next=" + Uri.EscapeDataString(restart.ReturnUrl));
        }

        if (restart.Renew)
        {
            query.Add(ServiceUrls.RenewMarker);
        }

        return query.Count == 0 ? "/login" : "/login?" + string.Join('&', query);
    }

    private string? FrontChannelLogoutRequest()
    {
        var encoded = Request.Query["logoutRequest"].ToString();
        return encoded.Length > 0 ? encoded : Request.Query["SAMLRequest"].ToString() is { Length: > 0 } saml ? saml : null;
    }

    /// <summary>
    /// Front-channel single logout: the CAS server sends the user's browser here with the deflated request. Answered
    /// as JSONP when the CAS page asks for it with a callback name.
    /// </summary>
    private async Task<IActionResult> FrontChannelLogoutAsync(string encoded, CancellationToken cancellationToken)
    {
        var xml = LogoutRequest.InflateFrontChannel(encoded);
        var outcome = await SingleLogoutAsync(xml, SingleLogoutChannel.FrontChannel, cancellationToken);
        if (outcome != SingleLogoutOutcome.Accepted)
        {
            return outcome == SingleLogoutOutcome.ChannelDisabled ? StatusCode(StatusCodes.Status403Forbidden) : BadRequest();
        }

        var callback = Request.Query["callback"].ToString();
        if (JsonpCallback().IsMatch(callback))
        {
            return Content($"{callback}({{\"status\":\"ok\"}});", "application/javascript");
        }

        return LocalRedirect("/logout-callback");
    }

    /// <summary>A single-logout request (null: one that could not be decoded), in its own span and counted by outcome.</summary>
    private async Task<SingleLogoutOutcome> SingleLogoutAsync(string? xml, SingleLogoutChannel channel, CancellationToken cancellationToken)
    {
        using var span = PortalTelemetry.ActivitySource.StartActivity(PortalTelemetry.Spans.SingleLogout);
        span?.SetTag(PortalTelemetry.Attributes.Channel, PortalMetrics.ChannelLabel(channel));
        var outcome = xml is null
            ? SingleLogoutOutcome.Malformed
            : await mediator.Send(new SingleLogoutCommand(xml, channel), cancellationToken);
        span?.SetTag(PortalTelemetry.Attributes.Outcome, PortalMetrics.OutcomeLabel(outcome));
        metrics.SingleLogoutHandled(channel, outcome);
        return outcome;
    }

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$.]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonpCallback();

    private CookieOptions RetryCookieOptions() => PortalCookies.Marker(portal.Value, "/login", TimeSpan.FromMinutes(5));
}
