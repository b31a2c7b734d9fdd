using System.Net;
using AngleSharp.Dom;
using CasPortal.Domain.Audit;
using CasPortal.Web.FunctionalTests.Infrastructure;
using CasPortal.Web.Time;

namespace CasPortal.Web.FunctionalTests;

/// <summary>One rule for times on every page: the viewer's zone, remembered, named in the column header.</summary>
public sealed class ViewerTimeZoneTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly DateTime At = new(2024, 1, 15, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task The_browsers_remembered_zone_applies_without_asking_and_a_zone_chosen_in_the_form_is_remembered()
    {
        await portal.SeedAuditAsync(new AuditEvent(At, AuditEventType.Logout, "zoned"));
        using var alice = await portal.SignedInAdministratorAsync();
        alice.Cookies.Add(new Uri(portal.BaseUrl), new Cookie(ViewerTime.CookieName, Uri.EscapeDataString("Asia/Tokyo")));

        var tokyo = await PortalBrowser.ParseAsync(await alice.GetAsync("/admin/audit?user=zoned"));
        var chosen = await alice.GetAsync("/admin/audit?user=zoned&tz=America/New_York");
        var afterwards = await PortalBrowser.ParseAsync(await alice.GetAsync("/admin/audit?user=zoned"));

        Assert.Contains("Time (Asia/Tokyo)", tokyo.QuerySelector("[data-testid=events] thead")!.TextContent);
        Assert.Contains("2024-01-15 21:00:00", tokyo.QuerySelector("[data-testid=events] tbody")!.TextContent);
        Assert.Equal("Asia/Tokyo", tokyo.QuerySelector<AngleSharp.Html.Dom.IHtmlSelectElement>("#tz")!.Value);
        Assert.Contains(chosen.Headers.GetValues("Set-Cookie"), c => c.StartsWith($"{ViewerTime.CookieName}=America%2FNew_York", StringComparison.Ordinal));
        Assert.Contains("2024-01-15 07:00:00", afterwards.QuerySelector("[data-testid=events] tbody")!.TextContent);
    }

    [Fact]
    public async Task Sessions_and_profile_show_times_in_the_same_remembered_zone_and_name_it()
    {
        using var alice = await portal.SignedInAdministratorAsync();
        alice.Cookies.Add(new Uri(portal.BaseUrl), new Cookie(ViewerTime.CookieName, Uri.EscapeDataString("Asia/Tokyo")));

        var sessions = await PortalBrowser.ParseAsync(await alice.GetAsync("/admin/sessions?user=alice"));
        var profile = await PortalBrowser.ParseAsync(await alice.GetAsync("/profile"));

        Assert.Contains("Started (Asia/Tokyo)", sessions.QuerySelector("[data-testid=sessions] thead")!.TextContent);
        Assert.Contains("Started (Asia/Tokyo)", profile.QuerySelector("[data-testid=my-sessions] thead")!.TextContent);
        var started = profile.QuerySelector("[data-testid=my-sessions] tbody td")!.TextContent;
        var shown = DateTime.ParseExact(started, ViewerTime.DisplayFormat, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(shown - DateTime.UtcNow, TimeSpan.FromHours(8.9), TimeSpan.FromHours(9.1)); // Tokyo is UTC+9 all year
    }

    [Theory]
    [InlineData("Not/AZone")]
    [InlineData("<script>")]
    public async Task A_zone_cookie_the_server_does_not_know_falls_back_to_UTC(string value)
    {
        using var alice = await portal.SignedInAdministratorAsync();
        alice.Cookies.Add(new Uri(portal.BaseUrl), new Cookie(ViewerTime.CookieName, Uri.EscapeDataString(value)));

        var response = await alice.GetAsync("/admin/audit");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Time (UTC)", (await PortalBrowser.ParseAsync(response)).QuerySelector("[data-testid=events] thead")!.TextContent);
    }

    [Fact]
    public async Task The_zone_list_offers_common_zones_first_then_every_other_zone_sorted()
    {
        using var alice = await portal.SignedInAdministratorAsync();

        var html = await PortalBrowser.ParseAsync(await alice.GetAsync("/admin/audit"));

        var common = html.QuerySelectorAll("#tz optgroup[label=Common] option").Select(o => o.GetAttribute("value")!).ToList();
        var others = html.QuerySelectorAll("#tz optgroup[label='All time zones'] option").Select(o => o.GetAttribute("value")!).ToList();
        Assert.Equal("UTC", common[0]);
        Assert.Contains("Europe/Paris", common);
        Assert.Equal(others.Order(StringComparer.Ordinal), others);
        Assert.Empty(common.Intersect(others));
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kolkata")]
    [InlineData("Pacific/Chatham")]
    public void A_time_shows_as_the_zones_wall_clock_to_the_second(string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        // Around New York's change to summer time, a leap day, a year's last second and a time with a fraction.
        DateTime[] times =
        [
            new(2026, 3, 8, 6, 59, 59, DateTimeKind.Utc), new(2026, 3, 8, 7, 0, 0, DateTimeKind.Utc),
            new(2028, 2, 29, 23, 30, 0, DateTimeKind.Utc), new(2026, 12, 31, 23, 59, 59, DateTimeKind.Utc),
            new DateTime(2026, 12, 3, 8, 3, 26, DateTimeKind.Utc).AddTicks(9_999_999),
        ];

        Assert.All(times, utc => Assert.Equal(
            TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            ViewerTime.Format(utc, zone)));
        Assert.Equal("2026-03-08 01:59:59", ViewerTime.Format(times[0], TimeZoneInfo.FindSystemTimeZoneById("America/New_York")));
    }
}
