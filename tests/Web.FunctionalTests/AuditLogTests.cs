using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using CasPortal.Domain.Audit;
using CasPortal.Web.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Web.FunctionalTests;

/// <summary>Security staff reviewing the audit log over HTTP, against real SQLite.</summary>
public sealed class AuditLogTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly DateTime Day = new(2025, 3, 10, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_non_administrator_gets_403_and_an_audit_event()
    {
        using var bob = portal.NewBrowser();
        await bob.SignInAsync("bob", "bob");

        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync("/admin/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync("/admin/audit?handler=Export&format=csv")).StatusCode);
        Assert.True(await portal.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.AccessDenied && e.Detail == "Denied /admin/audit")));
    }

    [Fact]
    public async Task Filters_travel_in_the_url_and_each_event_shows_its_description_in_the_chosen_time_zone()
    {
        await portal.SeedAuditAsync(
            new AuditEvent(Day.AddHours(8), AuditEventType.LoginFailed, "mallory", null, "203.0.113.9", "curl", "INVALID_TICKET: used", "INVALID_TICKET"),
            new AuditEvent(Day.AddHours(9), AuditEventType.LoginSucceeded, "mallory", "sess-mallory-1", "203.0.113.9"));
        using var alice = await portal.SignedInAdministratorAsync();

        var page = await alice.GetAsync("/admin/audit?user=mallory&outcome=Failure&tz=Europe/Paris&from=2025-03-10T00:00&to=2025-03-11T00:00");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await PortalBrowser.ParseAsync(page);
        var row = Assert.Single(html.QuerySelectorAll("[data-testid=events] tbody tr"));
        Assert.Contains("2025-03-10 09:00:00", row.TextContent); // 08:00 UTC is 09:00 in Paris in March
        Assert.Contains("Sign-in failed", row.TextContent);
        Assert.Contains("INVALID_TICKET", row.TextContent);
        Assert.Contains("Time (Europe/Paris)", html.QuerySelector("[data-testid=events] thead")!.TextContent);
        Assert.Equal("mallory", html.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#user")!.Value);
        Assert.NotNull(html.QuerySelector("[data-testid=audit-chart] svg"));
        Assert.Contains("INVALID_TICKET", html.QuerySelector("[data-testid=top-failures]")!.TextContent);
    }

    [Fact]
    public async Task The_older_link_pages_on_without_repeats_while_new_events_arrive()
    {
        var start = Day.AddDays(30);
        await portal.SeedAuditAsync(Enumerable.Range(0, 30).Select(i => new AuditEvent(start.AddMinutes(i), AuditEventType.Logout, "pager")).ToArray());
        using var alice = await portal.SignedInAdministratorAsync();

        var first = await PortalBrowser.ParseAsync(await alice.GetAsync("/admin/audit?user=pager&size=25"));
        await portal.SeedAuditAsync(Enumerable.Range(0, 5).Select(i => new AuditEvent(start.AddHours(2).AddMinutes(i), AuditEventType.Logout, "pager")).ToArray());
        var older = first.QuerySelector("[data-testid=older]")!.GetAttribute("href")!;
        var second = await PortalBrowser.ParseAsync(await alice.GetAsync(older));

        var times = first.QuerySelectorAll("[data-testid=events] tbody tr td:first-child")
            .Concat(second.QuerySelectorAll("[data-testid=events] tbody tr td:first-child"))
            .Select(cell => cell.TextContent).ToList();
        Assert.Equal(30, times.Count);
        Assert.Equal(times.Distinct().Count(), times.Count);
        Assert.Null(second.QuerySelector("[data-testid=older]"));
    }

    [Fact]
    public async Task The_CSV_export_streams_exactly_the_filtered_events_with_formulas_neutralised()
    {
        await portal.SeedAuditAsync(
            new AuditEvent(Day.AddDays(60), AuditEventType.LoginFailed, "=HYPERLINK(\"http://evil\")", clientIp: "198.51.100.1", userAgent: "@SUM(1)", detail: "-2+3, \"quoted\"", code: "X"),
            new AuditEvent(Day.AddDays(60), AuditEventType.LoginFailed, "someone-else", clientIp: "198.51.100.2"));
        using var alice = await portal.SignedInAdministratorAsync();

        var export = await alice.GetAsync("/admin/audit?handler=Export&format=csv&ip=198.51.100.1");

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("attachment; filename=\"audit-", export.Content.Headers.ContentDisposition!.ToString());
        var csv = await export.Content.ReadAsStringAsync();
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,occurred_at_utc,type,description,outcome,username,session,client_ip,user_agent,code,detail", lines[0]);
        var row = Assert.Single(lines.Skip(1));
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil\"\")\",", row);
        Assert.Contains(",'@SUM(1),", row);
        Assert.EndsWith(",X,\"'-2+3, \"\"quoted\"\"\"", row);
    }

    [Fact]
    public async Task The_JSON_lines_export_has_one_object_per_event()
    {
        await portal.SeedAuditAsync(Enumerable.Range(0, 3).Select(i => new AuditEvent(Day.AddDays(90).AddMinutes(i), AuditEventType.LoginSucceeded, "jsonl")).ToArray());
        using var alice = await portal.SignedInAdministratorAsync();

        var export = await alice.GetAsync("/admin/audit?handler=Export&format=jsonl&user=jsonl");

        var lines = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.Equal("jsonl", JsonDocument.Parse(line).RootElement.GetProperty("username").GetString()));
    }

    [Theory]
    [InlineData("/admin/audit?tz=Nowhere/Land", "Unknown time zone.")]
    [InlineData("/admin/audit?from=yesterday", "The start time is not a date and time")]
    [InlineData("/admin/audit?from=2025-03-11T00:00&to=2025-03-10T00:00", "The time range ends before it starts.")]
    [InlineData("/admin/audit?size=7", "Choose a page size of 25, 50, 100, 200.")]
    [InlineData("/admin/audit?type=NoSuchEvent", "Unknown event type.")]
    [InlineData("/admin/audit?handler=Export&format=xlsx", "Export as csv or jsonl.")]
    public async Task A_bad_filter_value_gets_a_400_page_that_says_what_is_wrong(string url, string message)
    {
        using var alice = await portal.SignedInAdministratorAsync();

        var response = await alice.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("from=yesterday", "from", "The start time is not a date and time")]
    [InlineData("from=2025-03-11T00:00&to=2025-03-10T00:00", "to", "The time range ends before it starts.")]
    [InlineData("from=2023-01-01T00:00&to=2025-06-01T00:00", "to", "Choose a time range of at most 800 days.")]
    [InlineData("size=7", "size", "Choose a page size of 25, 50, 100, 200.")]
    [InlineData("type=NoSuchEvent", "type", "Unknown event type.")]
    [InlineData("outcome=Maybe", "outcome", "Unknown outcome.")]
    [InlineData("tz=Nowhere/Land", "tz", "Unknown time zone.")]
    public async Task A_bad_filter_shows_the_form_with_the_error_beside_its_field_keeps_what_was_typed_and_shows_no_results(
        string query, string field, string message)
    {
        using var alice = await portal.SignedInAdministratorAsync();

        var response = await alice.GetAsync($"/admin/audit?user=kept&ip=203.0.113.5&{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await PortalBrowser.ParseAsync(response);
        var input = html.QuerySelector($"#{field}")!;
        Assert.Contains("is-invalid", input.ClassList);
        Assert.Equal($"{field}-error", input.GetAttribute("aria-describedby"));
        Assert.Contains(message, html.QuerySelector($"#{field}-error")!.TextContent);
        Assert.Contains(message, html.QuerySelector("[data-testid=errors]")!.TextContent);
        Assert.Equal("kept", html.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#user")!.Value);
        Assert.Equal("203.0.113.5", html.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#ip")!.Value);
        Assert.NotNull(html.QuerySelector("[data-testid=audit-filter]"));
        Assert.NotNull(html.QuerySelector("[data-testid=fix-filters]"));
        Assert.Null(html.QuerySelector("[data-testid=events]"));
        Assert.Null(html.QuerySelector("[data-testid=audit-chart]"));
    }

    [Fact]
    public async Task A_time_that_is_no_time_is_shown_back_as_typed()
    {
        using var alice = await portal.SignedInAdministratorAsync();

        var html = await PortalBrowser.ParseAsync(await alice.GetAsync("/admin/audit?to=next%20week"));

        Assert.Equal("next week", html.QuerySelector("#to")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Sign_in_starts_are_hidden_by_default_and_one_switch_shows_them()
    {
        await portal.SeedAuditAsync(
            new AuditEvent(Day.AddDays(120), AuditEventType.LoginStarted, clientIp: "198.51.100.77"),
            new AuditEvent(Day.AddDays(120).AddSeconds(2), AuditEventType.LoginSucceeded, "starter", clientIp: "198.51.100.77"));
        using var alice = await portal.SignedInAdministratorAsync();

        var hidden = await PortalBrowser.ParseAsync(await alice.GetAsync("/admin/audit?ip=198.51.100.77"));
        var shown = await PortalBrowser.ParseAsync(await alice.GetAsync("/admin/audit?ip=198.51.100.77&starts=show"));

        Assert.Equal(["LoginSucceeded"], hidden.QuerySelectorAll("[data-testid=events] tbody tr").Select(r => r.GetAttribute("data-event-type")));
        Assert.Contains("1 event matches.", hidden.QuerySelector("[data-testid=match-count]")!.TextContent);
        Assert.Contains("\"Sign-in started\" events are hidden.", hidden.QuerySelector("[data-testid=match-count]")!.TextContent);
        Assert.Equal(2, shown.QuerySelectorAll("[data-testid=events] tbody tr").Length);
        Assert.True(shown.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#starts")!.IsChecked);
    }

    [Fact]
    public async Task Newer_leads_back_from_an_older_page_and_the_page_says_how_many_events_match()
    {
        var start = Day.AddDays(150);
        await portal.SeedAuditAsync(Enumerable.Range(0, 60).Select(i => new AuditEvent(start.AddMinutes(i), AuditEventType.Logout, "newer")).ToArray());
        using var alice = await portal.SignedInAdministratorAsync();

        var first = await PortalBrowser.ParseAsync(await alice.GetAsync("/admin/audit?user=newer&size=25"));
        var second = await PortalBrowser.ParseAsync(await alice.GetAsync(first.QuerySelector("[data-testid=older]")!.GetAttribute("href")!));
        var third = await PortalBrowser.ParseAsync(await alice.GetAsync(second.QuerySelector("[data-testid=older]")!.GetAttribute("href")!));
        var backToSecond = await PortalBrowser.ParseAsync(await alice.GetAsync(third.QuerySelector("[data-testid=newer]")!.GetAttribute("href")!));

        Assert.Null(first.QuerySelector("[data-testid=newer]"));
        Assert.Equal(Times(second), Times(backToSecond));
        Assert.Contains("60 events match.", first.QuerySelector("[data-testid=match-count]")!.TextContent);

        static List<string> Times(IDocument page) =>
            page.QuerySelectorAll("[data-testid=events] tbody tr td:first-child").Select(c => c.TextContent).ToList();
    }
}
