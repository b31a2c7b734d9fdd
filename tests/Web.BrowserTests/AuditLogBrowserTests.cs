using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CasPortal.Web.BrowserTests;

/// <summary>An administrator reviews the audit log: filters, chart, time zone and export, in a real browser.</summary>
public sealed class AuditLogBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string[] FailureTypes =
        ["LoginFailed", "AccessDenied", "RequestRejected", "SingleLogoutRefused", "ProxyTicketRefused"];

    [Fact]
    public Task Filtering_by_failures_and_by_user_shows_matching_rows_a_chart_and_times_in_the_chosen_zone() =>
        browser.RunAsync(async journey =>
        {
            var startedUtc = DateTime.UtcNow;

            // Someone arrives with a dead ticket: the portal sends them back to CAS once, the second time it gives up.
            var stranger = await journey.OpenTabAsync("stranger");
            await stranger.GotoAsync("/login?ticket=ST-bogus-ticket");
            await Expect(stranger.Page).ToHaveURLAsync(stranger.CasLoginUrl);
            journey.ExpectErrorStatus(stranger, "/login?ticket=ST-bogus-ticket", 401);
            var failed = await stranger.GotoAsync("/login?ticket=ST-bogus-ticket", snapAs: "sign-in-failed");
            Assert.Equal(401, failed.Status);
            await Expect(stranger.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign-in failed" })).ToBeVisibleAsync();

            // Bob tries the audit log.
            var bob = await journey.OpenTabAsync("bob");
            await bob.SignInAsync("bob", "bob");
            journey.ExpectErrorStatus(bob, "/admin/audit", 403);
            await bob.GotoAsync("/admin/audit");
            await Expect(bob.Page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();

            // Alice, whose computer is set to Paris time, opens the audit log from the navbar.
            var alice = await journey.OpenTabAsync("alice", timeZone: "Europe/Paris");
            await alice.SignInAsync("alice", "alice");
            await alice.Page.Locator("[data-testid=admin-audit-link]").ClickAsync();
            await alice.Page.WaitForURLAsync($"{journey.BaseUrl}/admin/audit");
            var page = alice.Page;
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log" })).ToBeVisibleAsync();
            // From the first view, times are in the browser's own zone, and the selector says so.
            await Expect(page.Locator("#tz")).ToHaveValueAsync("Europe/Paris");
            await Expect(page.Locator("[data-testid=events] thead")).ToContainTextAsync("Time (Europe/Paris)");
            await alice.SnapAsync("audit-log");

            // Failures only, shown in Tokyo time.
            var form = page.Locator("[data-testid=audit-filter]");
            await form.Locator("#outcome").SelectOptionAsync("Failure");
            await form.Locator("#tz").SelectOptionAsync("Asia/Tokyo");
            await form.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
            await page.WaitForURLAsync(url => Query(url, "outcome") == "Failure" && Query(url, "tz") == "Asia/Tokyo");
            await alice.SnapAsync("audit-failures-tokyo");

            await Expect(page.Locator("[data-testid=events] thead")).ToContainTextAsync("Time (Asia/Tokyo)");
            var rows = page.Locator("[data-testid=events] tbody tr");
            await Expect(rows.First).ToBeVisibleAsync();
            var types = new List<string>();
            foreach (var row in await rows.AllAsync())
            {
                var type = await row.GetAttributeAsync("data-event-type");
                Assert.Contains(type, FailureTypes);
                types.Add(type!);
                await Expect(row).ToHaveClassAsync(new Regex(@"\btable-warning\b"));
                AssertRecentTokyoTime(await row.Locator("td").First.InnerTextAsync(), startedUtc);
            }

            Assert.Contains("LoginFailed", types);
            Assert.Contains("AccessDenied", types);
            var signInFailed = page.Locator("tr[data-event-type=LoginFailed]").First;
            await Expect(signInFailed).ToContainTextAsync("Sign-in failed");

            // The chart is drawn, with the failed sign-in in one of its buckets; the causes are counted.
            var buckets = page.Locator("[data-testid=audit-chart] svg a[data-bucket]");
            Assert.True(await buckets.CountAsync() >= 1, "The chart has no bucket.");
            await Expect(page.Locator("[data-testid=audit-chart] svg")).ToBeVisibleAsync();
            var failureBuckets = page.Locator("[data-testid=audit-chart] svg a[data-bucket] title", new() { HasTextRegex = new Regex(@"[1-9]\d* failed") });
            await Expect(failureBuckets).Not.ToHaveCountAsync(0);
            await Expect(page.Locator("[data-testid=top-failures]")).ToBeVisibleAsync();

            // Narrowed to bob: only his failures remain, and the other filters are kept.
            await form.Locator("#user").FillAsync("bob");
            await form.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
            await page.WaitForURLAsync(url => Query(url, "user") == "bob" && Query(url, "outcome") == "Failure");
            await alice.SnapAsync("audit-failures-of-bob");

            await Expect(form.Locator("#outcome")).ToHaveValueAsync("Failure");
            await Expect(form.Locator("#tz")).ToHaveValueAsync("Asia/Tokyo");
            await Expect(page.Locator("[data-testid=events] thead")).ToContainTextAsync("Time (Asia/Tokyo)");
            await Expect(rows.First).ToBeVisibleAsync();
            foreach (var row in await rows.AllAsync())
            {
                await Expect(row).ToHaveAttributeAsync("data-event-type", "AccessDenied");
                await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("bob");
                await Expect(row).ToContainTextAsync("Access to an administrator page denied");
            }
        });

    [Fact]
    public Task Clicking_a_bar_of_the_chart_narrows_the_log_to_that_hour() =>
        browser.RunAsync(async journey =>
        {
            var alice = await journey.OpenTabAsync("alice", timeZone: "Asia/Tokyo");
            await alice.SignInAsync("alice", "alice", start: "/admin/audit?user=alice&tz=Asia/Tokyo",
                landing: new($"^{Regex.Escape(journey.BaseUrl)}/admin/audit\\?user=alice&tz=Asia(/|%2F)Tokyo$"));
            var page = alice.Page;

            await page.GetByRole(AriaRole.Link, new() { Name = "Last 24 hours" }).ClickAsync();
            await page.WaitForURLAsync(url => Query(url, "range") == "24h");
            await Expect(page.Locator("[data-testid=audit-chart] figcaption")).ToContainTextAsync("per hour");
            await alice.SnapAsync("audit-last-24-hours");

            var signInHour = page.Locator("[data-testid=audit-chart] svg a[data-bucket]",
                new() { Has = page.Locator("title", new() { HasTextRegex = new Regex(@": [1-9]\d* sign-ins") }) }).Last;
            var hour = await signInHour.GetAttributeAsync("data-bucket");
            await signInHour.ClickAsync();
            await page.WaitForURLAsync(url => Query(url, "from") is not null && Query(url, "range") is null);
            await alice.SnapAsync("audit-one-hour");

            // The hour's start is the bar's, in the viewer's zone, and the rows are that hour's.
            Assert.Equal(hour![..16], Query(page.Url, "from"));
            await Expect(page.Locator("#from")).ToHaveValueAsync(hour[..16]);
            await Expect(page.Locator("tr[data-event-type=LoginSucceeded]").First).ToBeVisibleAsync();
            foreach (var cell in await page.Locator("[data-testid=events] tbody tr td:first-child").AllAsync())
            {
                Assert.StartsWith(hour[..13].Replace('T', ' '), await cell.InnerTextAsync(), StringComparison.Ordinal);
            }
        });

    [Fact]
    public Task The_CSV_link_downloads_a_file_with_the_header_row_and_the_events() =>
        browser.RunAsync(async journey =>
        {
            var alice = await journey.OpenTabAsync("alice");
            await alice.SignInAsync("alice", "alice", start: "/admin/audit?user=alice&tz=UTC",
                landing: new($"^{Regex.Escape(journey.BaseUrl)}/admin/audit\\?user=alice&tz=UTC$"));
            await Expect(alice.Page.Locator("tr[data-event-type=LoginSucceeded]").First).ToBeVisibleAsync();

            var downloading = alice.Page.WaitForDownloadAsync();
            await alice.Page.Locator("[data-testid=export-csv]").ClickAsync();
            var download = await downloading;

            Assert.Matches(@"^audit-\d{8}-\d{6}\.csv$", download.SuggestedFilename);
            var file = Path.Combine(journey.Folder, download.SuggestedFilename);
            await download.SaveAsAsync(file);
            Assert.Null(await download.FailureAsync());
            // Still on the audit page: the file was downloaded, not shown.
            Assert.StartsWith($"{journey.BaseUrl}/admin/audit?", alice.Page.Url, StringComparison.Ordinal);
            await alice.SnapAsync("after-csv-download");

            var lines = (await File.ReadAllTextAsync(file, Encoding.UTF8)).TrimStart('\uFEFF')
                .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("id,occurred_at_utc,type,description,outcome,username,session,client_ip,user_agent,code,detail", lines[0]);
            Assert.NotEmpty(lines.Skip(1));
            Assert.All(lines.Skip(1), line => Assert.Contains(",alice,", line));
            Assert.Contains(lines, line => line.Contains(",LoginSucceeded,", StringComparison.Ordinal)
                && line.Contains(alice.Tag, StringComparison.Ordinal));
        });

    private static string? Query(string url, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(url).Query).TryGetValue(name, out var value)
            ? value.ToString()
            : null;

    /// <summary>A time shown in Tokyo (UTC+9, no daylight saving) that is an instant of this test run.</summary>
    private static void AssertRecentTokyoTime(string shown, DateTime startedUtc)
    {
        var local = DateTime.ParseExact(shown.Trim(), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var utc = DateTime.SpecifyKind(local.AddHours(-9), DateTimeKind.Utc);
        Assert.InRange(utc, startedUtc.AddMinutes(-10), DateTime.UtcNow.AddMinutes(1));
    }
}
