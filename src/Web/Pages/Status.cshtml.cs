using CasPortal.Web.Cas;

namespace CasPortal.Web.Pages;

/// <summary>
/// The page shown for an error status that has no body of its own (404, a failed antiforgery check, a sign-in that
/// failed at /login …).
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Title { get; private set; } = string.Empty;
    public string Explanation { get; private set; } = string.Empty;

    /// <summary>Set when /login answered with this status because a sign-in failed; the page then says why.</summary>
    public SignInFailure? SignInFailure { get; private set; }

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        SignInFailure = HttpContext.Features.Get<SignInFailure>();
        (Title, Explanation) = SignInFailure is { } failure ? ("Sign-in failed", failure.Message) : code switch
        {
            400 => ("Bad request", "The request was malformed or its form has expired. Go back, reload the page and try again."),
            401 => ("Sign-in required", "Please sign in to continue."),
            403 => ("Access denied", "Your account is not allowed to see this page."),
            404 => ("Page not found", "There is no page at this address."),
            405 => ("Not allowed", "This address does not accept that kind of request."),
            429 => ("Too many requests", RetryAdvice()),
            _ => ($"Error {code}", "The portal could not answer this request."),
        };
    }

    /// <summary>When to try again, from the Retry-After header the rate limiter set on this very response.</summary>
    private string RetryAdvice() =>
        int.TryParse(Response.Headers.RetryAfter, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds < 90
                ? $"Too many requests came from your network. Please try again in {seconds} second{(seconds == 1 ? string.Empty : "s")}."
                : $"Too many requests came from your network. Please try again in {(seconds + 59) / 60} minutes."
            : "Please wait a moment and try again.";
}
