using CasPortal.Application.Authentication;

namespace CasPortal.Web.Authentication;

/// <summary>
/// The browser-id cookie (<see cref="BrowserId"/>): set when a sign-in starts if missing, kept through sign-out, so a
/// browser whose session was revoked is recognised when it comes back. HttpOnly; only its hash reaches the database.
/// </summary>
public static class BrowserIdCookie
{
    public const string Name = "casportal.browser";

    /// <summary>The longest lifetime browsers grant a cookie.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(400);

    /// <summary>The hash of this browser's id, issuing a new id first when it has none (or a forged one).</summary>
    public static string Ensure(HttpContext context, PortalOptions portal)
    {
        if (BrowserId.HashOf(context.Request.Cookies[Name]) is { } hash)
        {
            return hash;
        }

        var value = BrowserId.NewValue();
        context.Response.Cookies.Append(Name, value, PortalCookies.Marker(portal, "/", Lifetime));
        return BrowserId.HashOf(value)!;
    }
}
