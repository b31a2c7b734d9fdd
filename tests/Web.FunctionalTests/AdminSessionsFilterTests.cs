using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CasPortal.Domain.Sessions;
using CasPortal.Web.FunctionalTests.Infrastructure;

namespace CasPortal.Web.FunctionalTests;

/// <summary>The administrators' sessions list filtered by address and browser, sorted by its headers, and paged in that order.</summary>
public sealed class AdminSessionsFilterTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    private const string Chrome = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private const string Edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
    private const string Safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    [Fact]
    public async Task The_address_filter_matches_a_whole_address_or_the_start_of_one()
    {
        await SeedAsync(("ad-one", "10.77.1.5", Firefox), ("ad-two", "10.77.2.9", Firefox), ("ad-three", "10.7.1.1", Firefox));
        using var alice = await portal.SignedInAdministratorAsync();

        var prefix = await ListAsync(alice, "/admin/sessions?user=ad-&address=10.77.&sort=Username");
        var exact = await ListAsync(alice, "/admin/sessions?user=ad-&address=10.77.1.5");

        Assert.Equal(["ad-one", "ad-two"], Users(prefix));
        Assert.Equal(["ad-one"], Users(exact));
        Assert.Equal("10.77.", prefix.QuerySelector<IHtmlInputElement>("#address")!.Value);
    }

    [Fact]
    public async Task The_browser_filter_finds_the_sessions_the_list_names_that_way()
    {
        await SeedAsync(("br-fox", "192.0.2.1", Firefox), ("br-chrome", "192.0.2.2", Chrome), ("br-edge", "192.0.2.3", Edge), ("br-safari", "192.0.2.4", Safari));
        using var alice = await portal.SignedInAdministratorAsync();

        Assert.Equal(["br-chrome"], Users(await ListAsync(alice, "/admin/sessions?user=br-&browser=Chrome")));
        Assert.Equal(["br-edge"], Users(await ListAsync(alice, "/admin/sessions?user=br-&browser=Edge")));
        Assert.Equal(["br-safari"], Users(await ListAsync(alice, "/admin/sessions?user=br-&browser=Safari")));
        var firefox = await ListAsync(alice, "/admin/sessions?user=br-&browser=Firefox");
        Assert.Equal(["br-fox"], Users(firefox));
        Assert.Equal("Firefox", firefox.QuerySelector<IHtmlSelectElement>("#browser")!.Value);
    }

    [Fact]
    public async Task A_header_sorts_by_its_column_says_so_with_aria_sort_and_sorts_the_other_way_when_clicked_again()
    {
        await SeedAsync(("so-b", "198.51.100.20", Firefox), ("so-c", "198.51.100.3", Firefox), ("so-a", "198.51.100.100", Firefox));
        using var alice = await portal.SignedInAdministratorAsync();

        var first = await ListAsync(alice, "/admin/sessions?user=so-");
        var byUser = await FollowHeaderAsync(alice, first, "User");
        var byUserDown = await FollowHeaderAsync(alice, byUser, "User");
        var byAddress = await FollowHeaderAsync(alice, byUserDown, "Client IP");
        var byAddressDown = await FollowHeaderAsync(alice, byAddress, "Client IP");

        Assert.Equal("descending", Header(first, "Last seen").GetAttribute("aria-sort"));
        Assert.Equal(["so-a", "so-b", "so-c"], Users(byUser));
        Assert.Equal("ascending", Header(byUser, "User").GetAttribute("aria-sort"));
        Assert.Null(Header(byUser, "Last seen").GetAttribute("aria-sort"));
        Assert.Equal(["so-c", "so-b", "so-a"], Users(byUserDown));
        Assert.Equal("descending", Header(byUserDown, "User").GetAttribute("aria-sort"));
        Assert.Equal(["198.51.100.100", "198.51.100.20", "198.51.100.3"], Addresses(byAddress));
        Assert.Equal(["198.51.100.3", "198.51.100.20", "198.51.100.100"], Addresses(byAddressDown));
        Assert.Equal("descending", Header(byAddressDown, "Client IP").GetAttribute("aria-sort"));
        Assert.Contains("sort=AddressDescending", Header(byAddress, "Client IP").QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Next_and_previous_keep_the_sort_and_the_filters_and_show_each_session_once()
    {
        await SeedAsync(Enumerable.Range(0, 5).Select(i => ($"pg-{i}", $"203.0.113.{10 + i}", Chrome)).ToArray());
        using var alice = await portal.SignedInAdministratorAsync();

        var first = await ListAsync(alice, "/admin/sessions?user=pg-&browser=Chrome&sort=AddressDescending&pageSize=2");
        var second = await FollowAsync(alice, first, "[data-testid=next]");
        var third = await FollowAsync(alice, second, "[data-testid=next]");
        var back = await FollowAsync(alice, second, "[data-testid=previous]");

        Assert.Equal(["pg-4", "pg-3", "pg-2", "pg-1", "pg-0"], Users(first).Concat(Users(second)).Concat(Users(third)));
        Assert.Null(third.QuerySelector("[data-testid=next]"));
        Assert.Equal(Users(first), Users(back));
        Assert.Equal("descending", Header(second, "Client IP").GetAttribute("aria-sort"));
    }

    [Theory]
    [InlineData("address=10.1.999.", "address", "Enter an address (10.1.2.3 or 2001:db8::1) or the start of one ending in a dot or a colon")]
    [InlineData("address=not-an-address", "address", "Enter an address")]
    [InlineData("browser=Netscape", "browser", "Choose a browser from the list")]
    [InlineData("sort=Sideways", "sort", "Unknown sort order")]
    [InlineData("pageSize=100000", "pageSize", "A page holds 1 to 200 sessions.")]
    [InlineData("pageNumber=zero", "pageNumber", "The page number is out of range.")]
    public async Task A_bad_filter_shows_the_form_with_the_error_beside_its_field_and_keeps_what_was_typed(string query, string field, string message)
    {
        using var alice = await portal.SignedInAdministratorAsync();

        var response = await alice.GetAsync($"/admin/sessions?user=kept&{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await PortalBrowser.ParseAsync(response);
        Assert.Contains(message, html.QuerySelector($"#{field}-error")!.TextContent);
        Assert.Contains(message, html.QuerySelector("[data-testid=errors]")!.TextContent);
        if (field != "pageNumber")
        {
            var input = html.QuerySelector($"#{field}")!;
            Assert.Contains("is-invalid", input.ClassList);
            Assert.Equal($"{field}-error", input.GetAttribute("aria-describedby"));
        }

        Assert.Equal("kept", html.QuerySelector<IHtmlInputElement>("#user")!.Value);
        Assert.NotNull(html.QuerySelector("[data-testid=fix-filters]"));
        Assert.Null(html.QuerySelector("[data-testid=sessions]"));
    }

    [Fact]
    public async Task A_bad_address_is_shown_back_as_typed()
    {
        using var alice = await portal.SignedInAdministratorAsync();

        var html = await PortalBrowser.ParseAsync(await alice.GetAsync("/admin/sessions?address=10.1.2.3.4"));

        Assert.Equal("10.1.2.3.4", html.QuerySelector<IHtmlInputElement>("#address")!.Value);
    }

    private Task SeedAsync(params (string User, string Address, string UserAgent)[] sessions) => portal.QueryAsync(db =>
    {
        var now = DateTime.UtcNow;
        foreach (var (user, address, userAgent) in sessions)
        {
            db.Sessions.Add(new PortalSession(PortalSession.NewId(), user, "hash", new Dictionary<string, IReadOnlyList<string>>(),
                now, TimeSpan.FromHours(1), TimeSpan.FromHours(8), address, userAgent));
        }

        return db.SaveChangesAsync();
    });

    private static async Task<IHtmlDocument> ListAsync(PortalBrowser browser, string url)
    {
        var response = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await PortalBrowser.ParseAsync(response);
    }

    private static Task<IHtmlDocument> FollowAsync(PortalBrowser browser, IHtmlDocument page, string selector) =>
        ListAsync(browser, page.QuerySelector(selector)!.GetAttribute("href")!);

    private static Task<IHtmlDocument> FollowHeaderAsync(PortalBrowser browser, IHtmlDocument page, string title) =>
        ListAsync(browser, Header(page, title).QuerySelector("a")!.GetAttribute("href")!);

    private static IElement Header(IHtmlDocument page, string title) =>
        page.QuerySelectorAll("[data-testid=sessions] thead th").Single(th => th.TextContent.TrimStart().StartsWith(title, StringComparison.Ordinal));

    private static IEnumerable<string> Users(IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=sessions] tbody tr").Select(r => r.GetAttribute("data-session-user")!);

    private static IEnumerable<string> Addresses(IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=sessions] tbody tr td[data-label='Client IP']").Select(c => c.TextContent.Trim());
}
