using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CasPortal.Web.BrowserTests;

/// <summary>
/// One browser context with one page: a person's browser. Watches the page for console errors, uncaught script
/// errors, CSP violations and requests that would leave loopback, and logs every document it loads (redirects too).
/// </summary>
public sealed class BrowserTab : IAsyncDisposable
{
    private const string CspBinding = "__casPortalTestsCspViolation";

    // Runs before any script of every document; reports what the Content-Security-Policy blocked.
    private const string CspListener = $$"""
        window.addEventListener('securitypolicyviolation', e => {
          try {
            window.{{CspBinding}}(JSON.stringify({
              directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber,
              sample: e.sample, page: document.location.href }));
          } catch (_) { }
        }, true);
        """;

    private readonly Journey _journey;
    private readonly ConcurrentQueue<string> _documents = new();

    private BrowserTab(Journey journey, string name, string tag, IBrowserContext context, IPage page)
    {
        _journey = journey;
        Name = name;
        Tag = tag;
        Context = context;
        Page = page;
    }

    public string Name { get; }

    /// <summary>Appended to the user agent, so that this browser's session can be picked out in a sessions table.</summary>
    public string Tag { get; }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Every document response this tab received, redirects included: "302 GET http://…".</summary>
    public IReadOnlyCollection<string> Documents => _documents;

    public string BaseUrl => _journey.BaseUrl;

    /// <summary>The portal's profile page, exactly: no query string, so no ticket.</summary>
    public Regex ProfileUrl => new($"^{Regex.Escape(BaseUrl)}/profile$");

    /// <summary>The development CAS server's sign-in form.</summary>
    public Regex CasLoginUrl => new($"^{Regex.Escape(BaseUrl)}/dev-cas/login\\?service=");

    internal static async Task<BrowserTab> OpenAsync(Journey journey, string name, string? timeZone)
    {
        var tag = $"CasPortalBrowserTests/{name}-{Guid.NewGuid().ToString("N")[..8]}";
        var context = await journey.Fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = journey.BaseUrl,
            UserAgent = $"{journey.Fixture.UserAgent} {tag}",
            TimezoneId = timeZone ?? "UTC",
            Locale = "en-GB",
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(20_000);

        var page = await context.NewPageAsync();
        var tab = new BrowserTab(journey, name, tag, context, page);
        await tab.WatchAsync();
        return tab;
    }

    private async Task WatchAsync()
    {
        // Only loopback: anything else is aborted before it leaves the machine, and reported.
        await Context.RouteAsync(url => !IsLoopback(url), async route =>
        {
            Problem(BrowserProblem.OffLoopbackRequest, $"{route.Request.Method} {route.Request.Url}", route.Request.Frame.Url);
            await route.AbortAsync("blockedbyclient");
        });

        await Context.ExposeBindingAsync(CspBinding, (BindingSource _, string json) =>
        {
            using var violation = JsonDocument.Parse(json);
            var root = violation.RootElement;
            string Text(string property) => root.TryGetProperty(property, out var value) ? value.ToString() : "";
            Problem(BrowserProblem.CspViolation,
                $"'{Text("directive")}' blocked {Text("blocked")} (sample: {Text("sample")})",
                $"{Text("source")}:{Text("line")}",
                Text("page"));
        });
        await Context.AddInitScriptAsync(CspListener);

        Page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Problem(BrowserProblem.ConsoleError, message.Text, message.Location);
            }
        };
        Page.PageError += (_, error) => Problem(BrowserProblem.ScriptError, error, null);
        Page.Response += (_, response) =>
        {
            if (response.Request.ResourceType == "document")
            {
                var line = $"{response.Status} {response.Request.Method} {response.Url}";
                _documents.Enqueue(line);
                _journey.Log($"[{Name}] {line}");
            }
        };
        Page.Download += (_, download) => _journey.Log($"[{Name}] download {download.SuggestedFilename} from {download.Url}");
    }

    /// <summary>Opens a portal address (a path such as "/profile") and waits for the page that ends the redirects.</summary>
    public async Task<IResponse> GotoAsync(string pathAndQuery, string? snapAs = null)
    {
        var response = await Page.GotoAsync(pathAndQuery)
            ?? throw new InvalidOperationException($"No response for {pathAndQuery}.");
        if (snapAs is not null)
        {
            await SnapAsync(snapAs);
        }

        return response;
    }

    public Task SnapAsync(string step) => _journey.SnapAsync(this, step);

    /// <summary>
    /// Signs in as a person would: opens <paramref name="start"/>, is sent to the development CAS server's form, types
    /// the credentials, presses "Sign in" and is sent back to the portal, by default to the profile.
    /// </summary>
    public async Task SignInAsync(string username, string password, string start = "/profile", Regex? landing = null)
    {
        await GotoAsync(start);
        await Page.WaitForURLAsync(CasLoginUrl);
        await Expect(Page.GetByText("Development CAS server — for development only")).ToBeVisibleAsync();
        await SnapAsync("cas-sign-in-form");

        await Page.Locator("#username").FillAsync(username);
        await Page.Locator("#password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Page.WaitForURLAsync(landing ?? ProfileUrl);
        await Expect(Page.Locator("[data-testid=signed-in-user]")).ToContainTextAsync(username);
        await SnapAsync($"signed-in-{Path.GetFileName(new Uri(Page.Url).AbsolutePath)}");
    }

    /// <summary>The service ticket of the last sign-in, read from the address CAS sent this browser back to.</summary>
    public string LastServiceTicket()
    {
        var callback = _documents.Select(line => line.Split(' ', 3)[2])
            .Last(url => url.Contains("ticket=", StringComparison.Ordinal));
        return QueryHelpers.ParseQuery(new Uri(callback).Query)["ticket"].ToString();
    }

    /// <summary>The addresses a navigation went through, first to last, from the response that ended it.</summary>
    public static IReadOnlyList<string> RedirectChain(IResponse response)
    {
        var chain = new List<string>();
        for (var request = response.Request; request is not null; request = request.RedirectedFrom)
        {
            chain.Insert(0, request.Url);
        }

        return chain;
    }

    private void Problem(string kind, string message, string? source, string? page = null) =>
        _journey.Report(new BrowserProblem(Name, kind, page ?? SafeUrl(), message, source));

    private string SafeUrl()
    {
        try
        {
            return Page.Url;
        }
        catch (PlaywrightException)
        {
            return "(closed)";
        }
    }

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme is not ("http" or "https" or "ws" or "wss") || uri.IsLoopback);

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
