using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace CasPortal.Web.BrowserTests;

/// <summary>
/// One real portal (Kestrel on loopback, development CAS server, its own SQLite file), one Playwright driver and one
/// Chromium per test class. Each test runs as a <see cref="Journey"/> with fresh browser contexts.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium; a browser is never downloaded.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;

    public PortalFactory Portal { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Chromium's own user agent; each tab appends a tag to it so that its session can be told apart.</summary>
    public string UserAgent { get; private set; } = "";

    public string BaseUrl => Portal.BaseUrl;

    /// <summary>tests/Web.BrowserTests/TestResults/browser: inside the repository, ignored by git (TestResults/).</summary>
    public static string ArtifactsRoot { get; } =
        Path.Combine(RepositoryPaths.Root, "tests", "Web.BrowserTests", "TestResults", "browser");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"{ChromiumPath} is missing: install Debian's chromium (apt-get install chromium). Browsers are never downloaded.");
        }

        Assertions.SetDefaultExpectTimeout(10_000);
        Portal.StartServer();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = 30_000,
        });

        var probe = await Browser.NewPageAsync();
        UserAgent = await probe.EvaluateAsync<string>("() => navigator.userAgent");
        await probe.CloseAsync();
    }

    /// <summary>
    /// Runs one test's journey: screenshots along the way, and on any failure a screenshot and the HTML of every open
    /// page. Console errors, uncaught script errors, CSP violations and non-loopback requests fail the test.
    /// </summary>
    public async Task RunAsync(Func<Journey, Task> test, [CallerMemberName] string testName = "")
    {
        await using var journey = new Journey(this, testName);
        try
        {
            await test(journey);
            await journey.AssertNoBrowserProblemsAsync();
        }
        catch (Exception failure)
        {
            await journey.SaveFailureArtifactsAsync(failure);
            throw;
        }
        finally
        {
            await journey.WriteLogAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await Portal.DisposeAsync();
    }
}
