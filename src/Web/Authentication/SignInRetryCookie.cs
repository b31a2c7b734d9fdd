namespace CasPortal.Web.Authentication;

/// <summary>
/// The anti-loop marker: a browser sent back to CAS once after a dead ticket (a refresh, the back button) carries it,
/// so a second failure in a row shows the failure page instead of another round trip.
/// </summary>
public static class SignInRetryCookie
{
    public const string Name = "casportal.retry";

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static bool IsSet(HttpRequest request) => request.Cookies.ContainsKey(Name);

    public static void Set(HttpContext context, PortalOptions portal) =>
        context.Response.Cookies.Append(Name, "1", Options(portal));

    public static void Clear(HttpContext context, PortalOptions portal) =>
        context.Response.Cookies.Delete(Name, Options(portal));

    private static CookieOptions Options(PortalOptions portal) => PortalCookies.Marker(portal, "/login", Lifetime);
}
