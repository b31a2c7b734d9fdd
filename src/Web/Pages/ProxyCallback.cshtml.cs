using CasPortal.Application.Proxy.StoreProxyGrantingTicket;
using Microsoft.AspNetCore.RateLimiting;

namespace CasPortal.Web.Pages;

/// <summary>
/// The proxy callback (Cas:ProxyCallbackUrl, sent as pgtUrl): the CAS server delivers pgtIou and pgtId here before it
/// answers the validation. It needs a 200; a request without the pair (servers probe the URL first) gets one too.
/// Without Cas:ProxyCallbackUrl the portal asks for no PGT, so the callback does not exist (404) and stores nothing.
/// </summary>
[IgnoreAntiforgeryToken]
[EnableRateLimiting(RateLimiting.ProxyCallbackPolicy)]
public sealed class ProxyCallbackModel(IMediator mediator, IOptions<CasOptions> cas) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? pgtIou, string? pgtId, CancellationToken cancellationToken)
    {
        if (cas.Value.ProxyCallbackUrl is null)
        {
            return NotFound();
        }

        if (pgtIou is null && pgtId is null)
        {
            return Content("OK", "text/plain");
        }

        var outcome = await mediator.Send(
            new StoreProxyGrantingTicketCommand(pgtIou ?? string.Empty, pgtId ?? string.Empty), cancellationToken);
        return outcome switch
        {
            ProxyCallbackOutcome.Stored => Content("OK", "text/plain"),
            ProxyCallbackOutcome.NotConfigured => NotFound(),
            _ => StatusCode(StatusCodes.Status503ServiceUnavailable),
        };
    }
}
