using CasPortal.Application.Authentication.ValidateTicket;
using CasPortal.Application.Common.Cas;

namespace CasPortal.Web.Cas;

/// <summary>
/// A sign-in that failed, in plain words, and the status it answers with. The endpoint sets it on the request and
/// answers with the bare status; the status page (Pages/Status), which renders every bare error status, shows it.
/// </summary>
public sealed record SignInFailure(string Message)
{
    /// <summary>CAS refused the ticket (401), timed out (504), or failed or answered something else (502).</summary>
    public static IResult Show(HttpContext context, ValidateTicketResult.Failed failed) => Show(context, failed.Message, failed.Kind switch
    {
        CasFailureKind.TicketRejected => StatusCodes.Status401Unauthorized,
        CasFailureKind.Timeout => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status502BadGateway,
    });

    /// <summary>The queue of validations waiting for the CAS server is full (503), so the user tries again shortly.</summary>
    public static IResult ServerTooBusy(HttpContext context)
    {
        RateLimiting.SetRetryAfter(context.Response, TimeSpan.FromSeconds(10));
        return Show(
            context,
            "The sign-in server is too busy to confirm your sign-in right now. Please sign in again in a moment.",
            StatusCodes.Status503ServiceUnavailable);
    }

    private static IResult Show(HttpContext context, string message, int statusCode)
    {
        context.Features.Set(new SignInFailure(message));
        return Results.StatusCode(statusCode);
    }
}
