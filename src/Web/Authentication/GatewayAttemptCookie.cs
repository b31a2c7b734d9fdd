namespace CasPortal.Web.Authentication;

/// <summary>
/// Marks a browser session in which the silent sign-in (Cas:Gateway) was already tried, so StartLogin's gateway policy
/// tries it only once. A session cookie: a new browser session tries again.
/// </summary>
public static class GatewayAttemptCookie
{
    public const string Name = "casportal.gateway";

    public static bool IsSet(HttpRequest request) => request.Cookies.ContainsKey(Name);

    public static void Set(HttpContext context, PortalOptions portal) =>
        context.Response.Cookies.Append(Name, "tried", PortalCookies.Marker(portal));
}
