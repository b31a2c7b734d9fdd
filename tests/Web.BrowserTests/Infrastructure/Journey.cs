using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CasPortal.Web.BrowserTests;

/// <summary>
/// One test: its browser tabs (one browser context each, like separate browsers), its numbered screenshots under
/// <c>TestResults/browser/{test}/</c>, a log of every document the tabs loaded, and the problems the pages showed.
/// </summary>
public sealed class Journey : IAsyncDisposable
{
    private readonly List<BrowserTab> _tabs = [];
    private readonly ConcurrentQueue<string> _log = new();
    private readonly ConcurrentQueue<BrowserProblem> _problems = new();
    private readonly List<Func<BrowserProblem, bool>> _expected = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _step;

    public Journey(BrowserFixture fixture, string testName)
    {
        Fixture = fixture;
        Name = testName;
        Folder = Path.Combine(BrowserFixture.ArtifactsRoot, testName);
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        Directory.CreateDirectory(Folder);
    }

    public BrowserFixture Fixture { get; }

    public string Name { get; }

    /// <summary>Where this test's screenshots, downloads and logs go.</summary>
    public string Folder { get; }

    public string BaseUrl => Fixture.BaseUrl;

    public IReadOnlyCollection<BrowserProblem> Problems => _problems;

    /// <summary>A new browser context (its own cookies, like a separate browser) with one page.</summary>
    /// <param name="name">Who uses it, e.g. "alice"; used in artifact names and logs.</param>
    /// <param name="timeZone">The browser's time zone (IANA id), as the operating system would set it.</param>
    public async Task<BrowserTab> OpenTabAsync(string name, string? timeZone = null)
    {
        var tab = await BrowserTab.OpenAsync(this, name, timeZone);
        _tabs.Add(tab);
        return tab;
    }

    /// <summary>A full-page screenshot, numbered in journey order: NN-{tab}-{step}.png.</summary>
    public async Task SnapAsync(BrowserTab tab, string step)
    {
        var number = Interlocked.Increment(ref _step);
        var file = Path.Combine(Folder, $"{number:00}-{Safe(tab.Name)}-{Safe(step)}.png");
        await tab.Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        Log($"[{tab.Name}] screenshot {Path.GetFileName(file)} of {tab.Page.Url}");
    }

    public void Log(string line) => _log.Enqueue($"{_clock.Elapsed.TotalSeconds,7:0.000}s {line}");

    internal void Report(BrowserProblem problem)
    {
        _problems.Enqueue(problem);
        Log($"[{problem.Tab}] reported {problem}");
    }

    /// <summary>
    /// Declares a document the test expects to answer with an error status. Chromium reports every 4xx/5xx document
    /// as a console error ("Failed to load resource: … status of 403"); that one message is then not a problem.
    /// </summary>
    public void ExpectErrorStatus(BrowserTab tab, string pathAndQuery, int status) =>
        _expected.Add(problem =>
            problem.Tab == tab.Name
            && problem.Kind == BrowserProblem.ConsoleError
            && problem.Message.Contains($"the server responded with a status of {status}", StringComparison.Ordinal)
            && (Regex.Replace(problem.Source ?? "", @":\d+:\d+$", "") == BaseUrl + pathAndQuery
                || problem.Page == BaseUrl + pathAndQuery));

    /// <summary>Waits until a problem matching <paramref name="match"/> was reported (for tests of the detector itself).</summary>
    public async Task<BrowserProblem> WaitForProblemAsync(Func<BrowserProblem, bool> match, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_problems.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            if (deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException("The expected browser problem was never reported. Reported: "
                    + string.Join(" | ", _problems));
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Problems a test provokes on purpose (to test the detector itself) and so does not count.</summary>
    public void Tolerate(Func<BrowserProblem, bool> provoked) => _expected.Add(provoked);

    internal async Task AssertNoBrowserProblemsAsync()
    {
        // Console and binding events travel asynchronously; a round trip to every page lets the last ones arrive.
        foreach (var tab in _tabs.Where(t => !t.Page.IsClosed))
        {
            try
            {
                await tab.Page.EvaluateAsync("() => 0");
            }
            catch (PlaywrightException navigating)
            {
                Log($"[{tab.Name}] no round trip before the check: {navigating.Message}");
            }
        }

        var unexpected = _problems.Where(p => !_expected.Any(expected => expected(p))).ToList();
        Assert.True(unexpected.Count == 0,
            "The pages showed problems a user could hit:\n" + string.Join("\n", unexpected.Select(p => "  " + p)));
    }

    internal async Task SaveFailureArtifactsAsync(Exception failure)
    {
        Log($"FAILED: {failure.GetType().Name}: {failure.Message}");
        foreach (var tab in _tabs.Where(t => !t.Page.IsClosed))
        {
            var name = $"FAILED-{Safe(tab.Name)}";
            try
            {
                await tab.Page.ScreenshotAsync(new PageScreenshotOptions
                {
                    Path = Path.Combine(Folder, name + ".png"), FullPage = true, Timeout = 5_000,
                });
                var html = await tab.Page.ContentAsync();
                await File.WriteAllTextAsync(Path.Combine(Folder, name + ".html"), $"<!-- {tab.Page.Url} -->\n{html}");
            }
            catch (PlaywrightException unavailable)
            {
                Log($"[{tab.Name}] no failure artifacts: {unavailable.Message}");
            }
        }

        await File.WriteAllTextAsync(Path.Combine(Folder, "FAILED.txt"), failure.ToString());
    }

    internal Task WriteLogAsync() =>
        File.WriteAllTextAsync(Path.Combine(Folder, "journey.log"), string.Join("\n", _log) + "\n", new UTF8Encoding(false));

    public async ValueTask DisposeAsync()
    {
        foreach (var tab in _tabs)
        {
            await tab.DisposeAsync();
        }
    }

    private static string Safe(string value) => Regex.Replace(value, "[^A-Za-z0-9_.-]+", "-");
}

/// <summary>Something a page did that a user could notice or that weakens the page: reported, then asserted absent.</summary>
public sealed record BrowserProblem(string Tab, string Kind, string Page, string Message, string? Source)
{
    public const string ConsoleError = "console error";
    public const string ScriptError = "uncaught script error";
    public const string CspViolation = "CSP violation";
    public const string OffLoopbackRequest = "request off loopback";

    public override string ToString() => $"{Kind} on {Page}: {Message}{(Source is null ? "" : $" (source {Source})")}";
}
