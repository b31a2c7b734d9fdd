using CasPortal.Application.Authentication;
using CasPortal.Application.Authentication.ValidateTicket;
using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Logging;
using CasPortal.Application.Common.Telemetry;
using Microsoft.AspNetCore.Authentication;

namespace CasPortal.Web.Cas;

/// <summary>
/// CAS sent the browser back with a ticket (GET ?ticket=, or a form post with Cas:LoginMethod Post): validate it and
/// sign the browser in. The failure budget and the validation queue (<see cref="SignInThrottle"/>) are applied here,
/// where it is known whether this browser started the sign-in.
/// </summary>
public sealed class TicketValidationHandler(
    IMediator mediator,
    IOptions<PortalOptions> portal,
    IOptions<CasOptions> cas,
    SignInThrottle throttle,
    PortalMetrics metrics,
    ILogger<TicketValidationHandler> logger)
{
    public async Task<IResult> HandleAsync(HttpContext context, string ticket, CancellationToken cancellationToken)
    {
        var state = ServiceUrlQuery.SignInState(context.Request);
        var startedHere = SignInStateCookie.TryConsume(context, state, portal.Value, cas.Value);
        var client = RateLimiting.ClientAddress(context);
        // A proxy ticket without a state comes from a trusted proxy service, not a browser; the handler checks its chain.
        var expected = startedHere || (state is null && ticket.StartsWith(Tickets.ProxyTicketPrefix, StringComparison.Ordinal));
        if (!expected && !throttle.TryRecordFailure(client, out var retryAfter))
        {
            // Junk or forged tickets from this address: refused before any work, without touching anyone else.
            RateLimiting.SetRetryAfter(context.Response, retryAfter);
            metrics.RateLimitRejected(RateLimiting.FailedSignInsPolicy);
            return Results.StatusCode(StatusCodes.Status429TooManyRequests);
        }

        var renew = ServiceUrlQuery.RenewMarked(context.Request);
        var command = new ValidateTicketCommand(
            ticket,
            ServiceUrlQuery.Next(context.Request),
            IsRetry: SignInRetryCookie.IsSet(context.Request),
            SessionPrincipal.SessionIdOf(context.User),
            ServiceUrlQuery.GatewayMarked(context.Request),
            BrowserIdCookie.Ensure(context, portal.Value),
            renew,
            state,
            startedHere);

        using var turn = expected ? await throttle.WaitForValidationTurnAsync(client, cancellationToken) : null;
        if (turn is { Granted: false })
        {
            WebLog.SignInFailed(logger, "ValidationQueueFull");
            metrics.RateLimitRejected(RateLimiting.CasValidationsPolicy);
            return SignInFailure.ServerTooBusy(context);
        }

        var result = await mediator.Send(command, cancellationToken);
        if (expected && result is ValidateTicketResult.Failed or ValidateTicketResult.RestartLogin)
        {
            // Counted, never refused: the next junk ticket from this address is what the budget stops.
            throttle.TryRecordFailure(client, out _);
        }

        return await MapAsync(context, result, renew);
    }

    private async Task<IResult> MapAsync(HttpContext context, ValidateTicketResult result, bool renew)
    {
        switch (result)
        {
            case ValidateTicketResult.SignedIn signedIn:
                SignInRetryCookie.Clear(context, portal.Value);
                await context.SignInAsync(
                    SessionPrincipal.Scheme, SessionPrincipal.ForSignIn(signedIn.SessionId, signedIn.Username));
                WebLog.SignedIn(logger, LogText.Escape(signedIn.Username), signedIn.SessionReference);
                // A redirect without the ticket, so it stays out of history, logs and Referer.
                return Results.LocalRedirect(signedIn.RedirectTo);

            case ValidateTicketResult.RestartLogin { Renew: true } reauthenticate when !renew:
                // A single sign-on ticket for a user or browser that must type the password: once more, with renew.
                WebLog.RestartingLoginForReauthentication(logger);
                return Results.LocalRedirect(RestartUrl(reauthenticate));

            case ValidateTicketResult.KeptSession kept:
                return Results.LocalRedirect(kept.RedirectTo);

            case ValidateTicketResult.RestartLogin restart:
                WebLog.RestartingLogin(logger);
                SignInRetryCookie.Set(context, portal.Value);
                return Results.LocalRedirect(RestartUrl(restart));

            case ValidateTicketResult.Failed failed:
                WebLog.SignInFailed(logger, failed.Kind.ToString());
                SignInRetryCookie.Clear(context, portal.Value);
                return SignInFailure.Show(context, failed);

            case var unexpected:
                throw new InvalidOperationException($"Unhandled sign-in result {unexpected.GetType().Name}.");
        }
    }

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

        return query.Count == 0 ? LoginEndpoint.Path : LoginEndpoint.Path + "?" + string.Join('&', query);
    }
}
