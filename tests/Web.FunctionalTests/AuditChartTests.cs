using System.Net;
using AngleSharp.Dom;
using CasPortal.Domain.Audit;
using CasPortal.Web.FunctionalTests.Infrastructure;

namespace CasPortal.Web.FunctionalTests;

/// <summary>The audit page's chart as an administrator reads and clicks it: axes, bars that filter, quick ranges.</summary>
public sealed class AuditChartTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly DateTime Day = new(2024, 6, 3, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task The_chart_has_a_y_axis_with_round_ticks_and_date_labels_under_the_bars()
    {
        await portal.SeedAuditAsync(Enumerable.Range(0, 7).Select(i => new AuditEvent(Day.AddHours(10), AuditEventType.LoginSucceeded, "ticks")).ToArray());
        using var alice = await portal.SignedInAdministratorAsync();

        var html = await PortalBrowser.ParseAsync(await alice.GetAsync("/admin/audit?user=ticks&from=2024-06-01T00:00&to=2024-06-08T00:00"));

        var chart = html.QuerySelector("[data-testid=audit-chart]")!;
        Assert.Equal(["0", "2", "4", "6", "8"], chart.QuerySelectorAll("[data-testid=y-tick] text").Select(t => t.TextContent));
        var labels = chart.QuerySelectorAll("[data-testid=x-label]").Select(t => t.TextContent).ToList();
        Assert.Equal("Jun 1", labels[0]);
        Assert.InRange(labels.Count, 2, 7);
        Assert.Contains("per day", chart.QuerySelector("figcaption")!.TextContent);
    }

    [Fact]
    public async Task Ranges_of_three_days_or_less_are_drawn_per_hour()
    {
        using var alice = await portal.SignedInAdministratorAsync();
        await portal.SeedAuditAsync(new AuditEvent(Day.AddHours(30), AuditEventType.LoginSucceeded, "hourly"));

        var html = await PortalBrowser.ParseAsync(await alice.GetAsync("/admin/audit?user=hourly&from=2024-06-03T00:00&to=2024-06-06T00:00"));

        Assert.Contains("per hour", html.QuerySelector("[data-testid=audit-chart] figcaption")!.TextContent);
        Assert.Equal(72, html.QuerySelectorAll("[data-testid=audit-chart] a[data-bucket]").Length);
    }

    [Fact]
    public async Task Clicking_a_day_shows_that_days_events_in_the_viewers_time_zone()
    {
        await portal.SeedAuditAsync(
            new AuditEvent(Day.AddHours(23), AuditEventType.LoginSucceeded, "clicker"), // 01:00 on June 4 in Paris
            new AuditEvent(Day.AddHours(12), AuditEventType.LoginFailed, "clicker", code: "INVALID_TICKET"));
        using var alice = await portal.SignedInAdministratorAsync();
        var week = await PortalBrowser.ParseAsync(await alice.GetAsync("/admin/audit?user=clicker&tz=Europe/Paris&from=2024-06-01T00:00&to=2024-06-08T00:00"));

        var june4 = week.QuerySelector("[data-testid=audit-chart] a[data-bucket='2024-06-04T00:00:00']")!;
        var day = await PortalBrowser.ParseAsync(await alice.GetAsync(june4.GetAttribute("href")!));

        var row = Assert.Single(day.QuerySelectorAll("[data-testid=events] tbody tr"));
        Assert.Contains("2024-06-04 01:00:00", row.TextContent);
        Assert.Equal("2024-06-04T00:00", day.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#from")!.Value);
        Assert.Equal("2024-06-05T00:00", day.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#to")!.Value);
        Assert.Contains("per hour", day.QuerySelector("[data-testid=audit-chart] figcaption")!.TextContent);
    }

    [Fact]
    public async Task Clicking_a_failure_cause_shows_only_those_failures()
    {
        await portal.SeedAuditAsync(
            new AuditEvent(Day.AddDays(1), AuditEventType.LoginFailed, "causes", code: "INVALID_TICKET"),
            new AuditEvent(Day.AddDays(1), AuditEventType.LoginFailed, "causes", code: "INVALID_TICKET"),
            new AuditEvent(Day.AddDays(1), AuditEventType.LoginFailed, "causes", code: "TIMEOUT"),
            new AuditEvent(Day.AddDays(1), AuditEventType.LoginSucceeded, "causes"));
        using var alice = await portal.SignedInAdministratorAsync();
        var page = await PortalBrowser.ParseAsync(await alice.GetAsync("/admin/audit?user=causes&from=2024-06-01T00:00&to=2024-06-08T00:00"));

        var cause = page.QuerySelectorAll("[data-testid=top-failures] a").Single(a => a.TextContent.Contains("INVALID_TICKET"));
        var filtered = await PortalBrowser.ParseAsync(await alice.GetAsync(cause.GetAttribute("href")!));

        var rows = filtered.QuerySelectorAll("[data-testid=events] tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.All(rows, row => Assert.Contains("INVALID_TICKET", row.TextContent));
        Assert.Equal("INVALID_TICKET", filtered.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#code")!.Value);
    }

    [Fact]
    public async Task A_range_with_nothing_to_plot_says_so_instead_of_drawing_an_empty_chart()
    {
        using var alice = await portal.SignedInAdministratorAsync();

        var html = await PortalBrowser.ParseAsync(await alice.GetAsync("/admin/audit?user=nobody-at-all&from=2024-01-01T00:00&to=2024-01-02T00:00"));

        Assert.Contains("No sign-ins, failed sign-ins or sign-ins sent back for a password in this range.", html.QuerySelector("[data-testid=chart-empty]")!.TextContent);
        Assert.Null(html.QuerySelector("[data-testid=audit-chart] svg"));
    }

    [Fact]
    public async Task A_quick_range_counts_back_from_now_and_is_marked_as_current()
    {
        await portal.SeedAuditAsync(
            new AuditEvent(DateTime.UtcNow.AddMinutes(-30), AuditEventType.LoginSucceeded, "recent"),
            new AuditEvent(DateTime.UtcNow.AddHours(-3), AuditEventType.LoginSucceeded, "recent"));
        using var alice = await portal.SignedInAdministratorAsync();
        var start = await PortalBrowser.ParseAsync(await alice.GetAsync("/admin/audit?user=recent"));

        var lastHour = start.QuerySelectorAll("[data-testid=quick-ranges] a").Single(a => a.TextContent == "Last hour");
        var html = await PortalBrowser.ParseAsync(await alice.GetAsync(lastHour.GetAttribute("href")!));

        Assert.Single(html.QuerySelectorAll("[data-testid=events] tbody tr"));
        Assert.Equal("Last hour", html.QuerySelector("[data-testid=quick-ranges] a[aria-current=true]")!.TextContent);
        Assert.Contains("per hour", html.QuerySelector("[data-testid=audit-chart] figcaption")!.TextContent);
    }

    [Fact]
    public async Task An_unknown_quick_range_gets_a_400_page_that_names_the_choices()
    {
        using var alice = await portal.SignedInAdministratorAsync();

        var response = await alice.GetAsync("/admin/audit?range=forever");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Unknown quick range", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_event_filter_offers_the_names_the_table_shows()
    {
        using var alice = await portal.SignedInAdministratorAsync();

        var html = await PortalBrowser.ParseAsync(await alice.GetAsync("/admin/audit"));

        var options = html.QuerySelectorAll("#type option").Select(o => o.TextContent).ToList();
        Assert.Contains(AuditEventTypes.Describe(AuditEventType.LoginStarted), options);
        Assert.DoesNotContain("LoginStarted", options);
    }
}
