using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CasPortal.Application.Sessions.ListActiveSessions;
using CasPortal.Benchmarks.Audit;
using CasPortal.Benchmarks.Common;
using CasPortal.Benchmarks.Http;
using Microsoft.Data.Sqlite;
using static CasPortal.Benchmarks.Common.Stats;

namespace CasPortal.Benchmarks.Admin;

/// <summary>
/// The administrators' pages at scale: the Release portal (Production, started as the http suite starts it) on one
/// database holding the generated audit year and the seeded live sessions, an administrator signed in through the
/// suite's CAS server, and each page requested on one connection in alternated rounds, so machine drift falls on every
/// page alike. Every answer must be a 200 that rendered the page's content, so a page that failed fast cannot pass.
/// </summary>
public static partial class AdminPagesSuite
{
    private const string Administrator = "bench-admin";
    private const double SessionsTargetMs = 20;
    private const double AuditTargetMs = 50;

    /// <param name="Problem">What is wrong with the page's HTML, or null when it rendered what is measured.</param>
    private sealed record Page(string Name, string PathAndQuery, Func<string, string?> Problem, double TargetMs);

    public static async Task<int> RunAsync(Options options)
    {
        var events = options.Int("events", 1_000_000);
        var sessions = options.Int("sessions", 100_000);
        var requests = options.Int("requests", 200);
        var warmup = options.Int("warmup", 50);
        var rounds = options.Int("rounds", 5);
        var port = options.Int("port", 5199);
        var folder = options.Text("data", "/tmp/casportal-bench");
        if (!options.Flag("no-build"))
        {
            await PortalProcess.BuildAsync();
        }

        // The audit year is cached (it is the audit suite's file); the sessions are added to a copy on every run,
        // because seeded sessions are live for half an hour only.
        var audit = await AuditDataGenerator.CachedAsync(folder, events, options.Flag("regenerate"));
        var (total, busiest, _) = await AuditSuite.DataFactsAsync($"Data Source={audit}");
        var db = Path.Combine(folder, "admin.db");
        await CopyAsync(audit, db);
        await SessionSeeder.AddAsync(db, sessions);
        var live = await SessionSeeder.CountAsync(db, "EndedAt IS NULL");
        Console.WriteLine($"{db}: {total:N0} audit events (busiest user {busiest.Name}, {busiest.Events:N0} events), {live:N0} live sessions");

        var portal = new Uri($"http://127.0.0.1:{port}");
        await using var cas = await BenchCasServer.StartAsync(port + 30, [Administrator]);
        var environment = HttpSuite.PortalEnvironment(portal, cas.Url, db, options.Text("env", ""));
        environment["Portal__Admins__0"] = Administrator;
        // The generated year ends on a fixed date: no retention purge may delete part of it, nor run during the rounds.
        environment["Audit__RetentionDays"] = "36500";
        var log = Path.Combine(folder, "portal-admin.log");
        Console.WriteLine($"starting {PortalProcess.WebDll} on {portal} (log: {log})");
        await using var process = PortalProcess.Start(port, environment, log);
        using var http = LoadRunner.NewClient(1);
        await process.WaitReadyAsync(http, portal.ToString().TrimEnd('/'));
        var admin = await Browser.SignInAsync(http, portal, Administrator, "pw-" + Administrator);
        Console.WriteLine($"portal pid {process.Id}; {Administrator} signed in");

        var lastMonthFrom = AuditDataGenerator.End.AddDays(-30).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        var lastMonthTo = AuditDataGenerator.End.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        Page[] pages =
        [
            new("/admin/sessions, first page, no filter", "/admin/sessions", html => SessionsProblem(html, live), SessionsTargetMs),
            new("/admin/audit with chart, default view (chart of the last 30 days to now)", "/admin/audit", AuditProblem, AuditTargetMs),
            new($"/admin/audit with chart, user = {busiest.Name} (busiest)", "/admin/audit?user=" + Uri.EscapeDataString(busiest.Name), AuditProblem, AuditTargetMs),
            new($"/admin/audit with chart, {lastMonthFrom} to {lastMonthTo} (the generated year's last 30 days)",
                $"/admin/audit?from={lastMonthFrom}&to={lastMonthTo}", AuditProblem, AuditTargetMs),
        ];

        // The first answer of each page, then warm-up requests for tiered compilation and the OS page cache.
        var first = new double[pages.Length];
        var charts = new string[pages.Length];
        for (var i = 0; i < pages.Length; i++)
        {
            (first[i], var html) = await GetAsync(admin, portal, pages[i]);
            charts[i] = !html.Contains("data-testid=\"audit-chart\"", StringComparison.Ordinal) ? "–"
                : html.Contains("data-testid=\"chart-empty\"", StringComparison.Ordinal) ? "empty" : "bars";
        }

        for (var w = 1; w < warmup; w++)
        {
            foreach (var page in pages)
            {
                await GetAsync(admin, portal, page);
            }
        }

        var perRound = Math.Max(1, (requests + rounds - 1) / rounds);
        var samples = pages.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < pages.Length; i++)
            {
                var at = (i + round) % pages.Length;
                for (var n = 0; n < perRound; n++)
                {
                    samples[at].Add((await GetAsync(admin, portal, pages[at])).Ms);
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"## Admin pages: {live:N0} live sessions, {total:N0} audit events; {perRound * rounds} requests per page on 1 connection, " +
            $"{rounds} alternated rounds, after {warmup} warm-up requests per page");
        Console.WriteLine();
        Console.WriteLine("| page | chart | first ms | p50 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        for (var i = 0; i < pages.Length; i++)
        {
            var s = new Stats(samples[i]);
            Console.WriteLine($"| {pages[i].Name} | {charts[i]} | {F(first[i])} | {F(s.Median)} | {F(s.Percentile(99))} | {F(s.Max)} |");
        }

        if (charts[Array.FindIndex(pages, p => p.PathAndQuery == "/admin/audit")] == "empty")
        {
            Console.WriteLine();
            Console.WriteLine($"The default view's chart is empty: its 30 days end now, and the generated year ends {AuditDataGenerator.End:yyyy-MM-dd}. " +
                "The explicit range above keeps a full chart.");
        }

        Console.WriteLine();
        Console.WriteLine("## Targets");
        Console.WriteLine();
        Console.WriteLine("| target | measured | verdict |");
        Console.WriteLine("|---|---|---|");
        for (var i = 0; i < pages.Length; i++)
        {
            var s = new Stats(samples[i]);
            var target = $"{pages[i].Name}: p50 ≤ {pages[i].TargetMs} ms with {live:N0} live sessions and {total:N0} audit events";
            var measured = $"p50 {F(s.Median)} ms, p99 {F(s.Percentile(99))} ms over {s.Count} requests";
            var pass = s.Median <= pages[i].TargetMs;
            Console.WriteLine($"| {target} | {measured} | {(pass ? "PASS" : "MISS")} |");
            Targets.Record(target, measured, pass);
        }

        return 0;
    }

    /// <summary>One GET with the administrator's cookies, timed to the last byte of the body, then checked.</summary>
    private static async Task<(double Ms, string Html)> GetAsync(Browser admin, Uri portal, Page page)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await admin.SendAsync(HttpMethod.Get, new Uri(portal, page.PathAndQuery));
        await LoadRunner.ExpectAsync(response, HttpStatusCode.OK, "GET " + page.PathAndQuery);
        var ms = Ms(started);
        var html = await response.Content.ReadAsStringAsync();
        return page.Problem(html) is { } problem
            ? throw new InvalidOperationException($"GET {page.PathAndQuery}: {problem}")
            : (ms, html);
    }

    /// <summary>
    /// The sessions table with rows, counting at least the seeded sessions: exactly, or as "more than" the count limit
    /// when more were seeded.
    /// </summary>
    private static string? SessionsProblem(string html, long live) =>
        !html.Contains("data-testid=\"sessions\"", StringComparison.Ordinal) || !html.Contains("data-session-user=", StringComparison.Ordinal)
            ? "no sessions table with rows"
            : ActiveCount().Match(html) is not { Success: true } count ? "no count of active sessions"
            : count.Groups["more"].Success ? (live > SessionPage.CountLimit ? null : $"says more than {SessionPage.CountLimit} active sessions, but {live} were seeded")
            : long.Parse(count.Groups["count"].Value, CultureInfo.InvariantCulture) < live ? $"counts {count.Groups["count"].Value} active sessions, fewer than the {live} seeded"
            : null;

    /// <summary>The chart's figure (its bars depend on the range) and the events table with rows.</summary>
    private static string? AuditProblem(string html) =>
        !html.Contains("data-testid=\"audit-chart\"", StringComparison.Ordinal) ? "no chart"
        : !html.Contains("data-testid=\"events\"", StringComparison.Ordinal) || !html.Contains("data-event-type=", StringComparison.Ordinal) ? "no events table with rows"
        : null;

    /// <summary>A copy of the generated file through SQLite's backup, so a write-ahead log beside it is included.</summary>
    private static async Task CopyAsync(string from, string to)
    {
        foreach (var file in new[] { to, to + "-wal", to + "-shm" })
        {
            File.Delete(file);
        }

        await using (var source = new SqliteConnection($"Data Source={from}"))
        await using (var target = new SqliteConnection($"Data Source={to}"))
        {
            await source.OpenAsync();
            await target.OpenAsync();
            source.BackupDatabase(target);
        }

        SqliteConnection.ClearAllPools();
    }

    [GeneratedRegex(@"(?<more>More than [\d,]+ active sessions)|(?<count>\d+) active session\(s\)")]
    private static partial Regex ActiveCount();
}
