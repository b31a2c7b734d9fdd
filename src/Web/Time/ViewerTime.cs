using System.Globalization;

namespace CasPortal.Web.Time;

/// <summary>
/// The time zone every page shows times in: the one asked for in the URL (?tz=), else the viewer's remembered choice
/// (a cookie that wwwroot/js/time-zone.js fills in from the browser on the first visit), else UTC.
/// </summary>
public sealed class ViewerTime
{
    public const string CookieName = "casportal.tz";
    public const string DisplayFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>Offered first in the time zone lists; the rest follow sorted by name.</summary>
    private static readonly string[] Common =
    [
        "UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "America/New_York", "America/Chicago", "America/Denver",
        "America/Los_Angeles", "America/Sao_Paulo", "Asia/Kolkata", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney",
        "Pacific/Auckland", "Africa/Johannesburg",
    ];

    private ViewerTime(TimeZoneInfo zone) => Zone = zone;

    public TimeZoneInfo Zone { get; }

    /// <summary>Common zones first, then every other zone this server knows, sorted.</summary>
    public static (IReadOnlyList<string> Common, IReadOnlyList<string> Others) Choices { get; } = BuildChoices();

    public static ViewerTime For(HttpContext context)
    {
        if (context.Items[typeof(ViewerTime)] is ViewerTime known)
        {
            return known;
        }

        var zone = Find(context.Request.Query["tz"]) ?? Find(context.Request.Cookies[CookieName]) ?? TimeZoneInfo.Utc;
        var viewerTime = new ViewerTime(zone);
        context.Items[typeof(ViewerTime)] = viewerTime;
        return viewerTime;
    }

    /// <summary>A zone id as this server names it, or null for anything else (the cookie and the URL are the client's).</summary>
    public static TimeZoneInfo? Find(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;

    /// <summary>Keeps a zone chosen in a form for the viewer's next pages.</summary>
    public static void Remember(HttpContext context, TimeZoneInfo zone, PortalOptions portal)
    {
        if (context.Request.Cookies[CookieName] != zone.Id)
        {
            var options = PortalCookies.Marker(portal, maxAge: TimeSpan.FromDays(365));
            options.HttpOnly = false; // a preference the browser's script sets too, not a secret
            context.Response.Cookies.Append(CookieName, zone.Id, options);
        }
    }

    public string Format(DateTime utc) => Format(utc, Zone);

    /// <summary><paramref name="utc"/> in <paramref name="zone"/>, as <see cref="DisplayFormat"/> writes it.</summary>
    public static string Format(DateTime utc, TimeZoneInfo zone) =>
        string.Create(DisplayFormat.Length, TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone), static (text, local) =>
        {
            // The sortable form ("s") has a writer of its own; DisplayFormat, a custom format, goes through the general
            // formatter, several times slower, for each of the many times a page shows. The two differ only in the 'T'.
            local.TryFormat(text, out _, "s", CultureInfo.InvariantCulture);
            text[10] = ' ';
        });

    private static (IReadOnlyList<string>, IReadOnlyList<string>) BuildChoices()
    {
        var all = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Append("UTC").ToHashSet(StringComparer.Ordinal);
        var common = Common.Where(all.Contains).ToList();
        var others = all.Except(common).Order(StringComparer.Ordinal).ToList();
        return (common, others);
    }
}
