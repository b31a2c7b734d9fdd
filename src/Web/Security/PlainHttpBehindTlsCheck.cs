namespace CasPortal.Web.Security;

/// <summary>
/// An https portal (Portal:PublicBaseUrl) that receives a signed-in browser's request over plain http sits behind a
/// TLS proxy it does not trust: its cookies are Secure and its forms' antiforgery tokens cannot be issued, so every
/// signed-in page would fail. Start-up cannot know this; the first such request can. It gets a page that says what is
/// wrong, and the log gets one line naming the setting to fix.
/// </summary>
public sealed partial class PlainHttpBehindTlsCheck(RequestDelegate next, IOptions<PortalOptions> portal, ILogger<PlainHttpBehindTlsCheck> logger)
{
    private const string SessionCookie = "casportal.session";
    private int _reported;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.IsHttps || !PortalCookies.IsHttps(portal.Value) || !context.Request.Cookies.ContainsKey(SessionCookie))
        {
            return next(context);
        }

        if (Interlocked.Exchange(ref _reported, 1) == 0)
        {
            ProxyNotTrusted(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        }

        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(Page);
    }

    private const string Page = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>The portal is misconfigured - CasPortal</title>
        <link rel="stylesheet" href="/lib/bootstrap/dist/css/bootstrap.min.css" /></head>
        <body><main class="container py-4">
        <h1 class="h3">The portal cannot show this page</h1>
        <p>It is set up for https, but your request reached it over plain http through a proxy it has not been told to
        trust, so it cannot use your sign-in safely. Nothing was changed.</p>
        <p>Please tell the help desk. The portal's log names the setting to fix: <code>Portal:KnownProxies</code> or
        <code>Portal:KnownNetworks</code>.</p>
        </main></body>
        </html>
        """;

    [LoggerMessage(EventId = 1008, Level = LogLevel.Error,
        Message = "Portal:PublicBaseUrl is https but signed-in requests arrive over plain http from {ProxyAddress}: add that TLS proxy to Portal:KnownProxies (or its network to Portal:KnownNetworks) so its X-Forwarded-Proto is believed")]
    private static partial void ProxyNotTrusted(ILogger logger, string proxyAddress);
}
