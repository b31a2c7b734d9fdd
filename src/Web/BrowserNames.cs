using CasPortal.Application.Sessions;

namespace CasPortal.Web;

/// <summary>
/// "Firefox on Linux" or "Safari on iPhone" from a user-agent string, for people reading the sessions pages; the full
/// string stays one click away. The browser comes from <see cref="BrowserFamilies"/>, which the browser filter uses too.
/// </summary>
public static class BrowserNames
{
    private static readonly (string Token, string Name)[] Platforms =
    [
        ("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"), ("CrOS", "ChromeOS"),
        ("Mac OS X", "macOS"), ("Macintosh", "macOS"), ("Linux", "Linux"),
    ];

    public static string Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "Unknown browser";
        }

        var browser = BrowserFamilies.NameOf(userAgent);
        var platform = Platforms.FirstOrDefault(p => userAgent.Contains(p.Token, StringComparison.Ordinal)).Name;
        if (browser is null)
        {
            // A tool rather than a browser (curl/8.5.0, python-requests/2.31): its own name is the clearest.
            var product = userAgent.Split([' ', '/'], 2, StringSplitOptions.RemoveEmptyEntries)[0];
            return platform is null ? product : $"{product} on {platform}";
        }

        return platform is null ? browser : $"{browser} on {platform}";
    }
}
