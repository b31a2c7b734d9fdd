namespace CasPortal.Web.Authentication;

/// <summary>The portal's small marker cookies (sign-in retry, gateway attempt): HttpOnly, Lax, Secure on an https portal.</summary>
public static class PortalCookies
{
    public static CookieOptions Marker(PortalOptions portal, string path = "/", TimeSpan? maxAge = null) => new()
    {
        HttpOnly = true,
        IsEssential = true,
        SameSite = SameSiteMode.Lax,
        Secure = IsHttps(portal),
        Path = path,
        MaxAge = maxAge,
    };

    public static bool IsHttps(PortalOptions portal) =>
        portal.PublicBaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
