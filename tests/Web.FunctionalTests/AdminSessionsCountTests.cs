using System.Net;
using AngleSharp.Html.Dom;
using CasPortal.Application.Sessions.ListActiveSessions;
using CasPortal.Domain.Sessions;
using CasPortal.Web.FunctionalTests.Infrastructure;

namespace CasPortal.Web.FunctionalTests;

/// <summary>The sessions list of a large deployment: the count stops past its limit and says so, and paging still works.</summary>
public sealed class AdminSessionsCountTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Up_to_the_limit_the_list_counts_exactly_and_names_its_last_page()
    {
        await SeedAsync("few-", 3);
        using var alice = await portal.SignedInAdministratorAsync();

        var first = await ListAsync(alice, "/admin/sessions?user=few-&pageSize=2");

        Assert.StartsWith("3 active session(s).", first.QuerySelector("[data-testid=session-count]")!.TextContent.Trim());
        Assert.Equal("Page 1 of 2", first.QuerySelector("[data-testid=page-number]")!.TextContent.Trim());
        Assert.NotNull(first.QuerySelector("[data-testid=next]"));
    }

    [Fact]
    public async Task Past_ten_thousand_sessions_the_list_says_more_than_and_pages_on_to_its_last_session()
    {
        const int seeded = SessionPage.CountLimit + 10;
        await SeedAsync("many-", seeded);
        using var alice = await portal.SignedInAdministratorAsync();

        var first = await ListAsync(alice, "/admin/sessions?user=many-&sort=Username&pageSize=100");
        var last = await ListAsync(alice, $"/admin/sessions?user=many-&sort=Username&pageSize=100&pageNumber={(seeded + 99) / 100}");

        Assert.StartsWith("More than 10,000 active sessions.", first.QuerySelector("[data-testid=session-count]")!.TextContent.Trim());
        Assert.Equal("Page 1", first.QuerySelector("[data-testid=page-number]")!.TextContent.Trim());
        Assert.Contains("pageNumber=2", first.QuerySelector("[data-testid=next]")!.GetAttribute("href"));
        Assert.Equal(Enumerable.Range(seeded - 10, 10).Select(i => $"many-{i:D5}"), Users(last));
        Assert.Null(last.QuerySelector("[data-testid=next]"));
        Assert.NotNull(last.QuerySelector("[data-testid=previous]"));
    }

    private Task SeedAsync(string prefix, int count) => portal.QueryAsync(db =>
    {
        var now = DateTime.UtcNow;
        for (var i = 0; i < count; i++)
        {
            db.Sessions.Add(new PortalSession(PortalSession.NewId(), $"{prefix}{i:D5}", "hash", new Dictionary<string, IReadOnlyList<string>>(),
                now, TimeSpan.FromHours(1), TimeSpan.FromHours(8), "192.0.2.1", null));
        }

        return db.SaveChangesAsync();
    });

    private static async Task<IHtmlDocument> ListAsync(PortalBrowser browser, string url)
    {
        var response = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await PortalBrowser.ParseAsync(response);
    }

    private static IEnumerable<string> Users(IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=sessions] tbody tr").Select(r => r.GetAttribute("data-session-user")!);
}
