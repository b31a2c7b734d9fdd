namespace CasPortal.Web;

/// <summary>
/// "Firefox on Linux" or "Safari on iPhone" from a user-agent string, for people reading the sessions pages; the full
/// string stays one click away. Order matters: Edge and Opera also say Chrome, and Chrome also says Safari.
/// </summary>
public static class BrowserNames
{
    private static readonly (string Token, string Name)[] Browsers =
    [
        ("Edg/", "Edge"), ("EdgA/", "Edge"), ("EdgiOS/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser/", "Samsung Internet"),
        ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"), ("HeadlessChrome/", "Headless Chrome"), ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"), ("CriOS/", "Chrome"), ("Version/", "Safari"),
    ];

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

        var browser = Browsers.FirstOrDefault(b => userAgent.Contains(b.Token, StringComparison.Ordinal)).Name;
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
