namespace CasPortal.Web.Security;

/// <summary>Headers every response carries, pages and errors alike.</summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    // No inline script or style anywhere; the pages load only their own files.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; " +
        "base-uri 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            // Tickets travel in URLs; no page may leak its address to another site.
            headers["Referrer-Policy"] = "no-referrer";
            // A signed-in page shows the user's own data: no browser or proxy keeps it (a shared computer's back button
            // after sign-out). Responses that chose their own caching, such as static assets, keep it.
            if (context.User.Identity?.IsAuthenticated == true && string.IsNullOrEmpty(headers.CacheControl))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
