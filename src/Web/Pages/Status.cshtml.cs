using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CasPortal.Web.Pages;

/// <summary>The page shown for an error status that has no body of its own (404, a failed antiforgery check …).</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Title { get; private set; } = string.Empty;
    public string Explanation { get; private set; } = string.Empty;

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code) => (Title, Explanation) = code switch
    {
        400 => ("Bad request", "The request was malformed or its form has expired. Go back, reload the page and try again."),
        401 => ("Sign-in required", "Please sign in to continue."),
        403 => ("Access denied", "Your account is not allowed to see this page."),
        404 => ("Page not found", "There is no page at this address."),
        405 => ("Not allowed", "This address does not accept that kind of request."),
        429 => ("Too many requests", "Please wait a moment and try again."),
        _ => ($"Error {code}", "The portal could not answer this request."),
    };
}
