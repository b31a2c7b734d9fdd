using CasPortal.Application.Sessions.ListActiveSessions;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace CasPortal.Application.UnitTests.Sessions.ListActiveSessions;

public sealed class ListActiveSessionsHandlerTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Only_active_sessions_are_listed()
    {
        var active = await _database.SeedSessionAsync("alice", Now);
        var ended = await _database.SeedSessionAsync("bob", Now);
        await using (var db = _database.NewContext())
        {
            (await db.Sessions.FindAsync(ended.IdHash))!.End(Now, SessionEndReason.Logout);
            await db.SaveChangesAsync();
        }

        _clock.Advance(TimeSpan.FromMinutes(20));
        await _database.SeedSessionAsync("carol", Now);
        _clock.Advance(TimeSpan.FromMinutes(15)); // alice's idle timeout (30 min) has passed; carol's has not

        var page = await Handle(new ListActiveSessionsQuery(null, SessionSort.Username, 1, 25));

        Assert.Equal(["carol"], page.Sessions.Select(s => s.Username));
        Assert.DoesNotContain(page.Sessions, s => s.Reference == active.Reference);
    }

    [Fact]
    public async Task The_user_filter_matches_the_start_of_the_name()
    {
        await _database.SeedSessionAsync("alice", Now);
        await _database.SeedSessionAsync("alina", Now);
        await _database.SeedSessionAsync("bob", Now);

        var page = await Handle(new ListActiveSessionsQuery("ali", SessionSort.Username, 1, 25));

        Assert.Equal(["alice", "alina"], page.Sessions.Select(s => s.Username));
        Assert.Equal(2, page.Matching);
    }

    [Fact]
    public async Task Pages_cover_every_session_exactly_once_in_the_chosen_order()
    {
        for (var i = 0; i < 7; i++)
        {
            await _database.SeedSessionAsync($"user{i}", Now);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await Handle(new ListActiveSessionsQuery(null, SessionSort.StartedAscending, 1, 3));
        var second = await Handle(new ListActiveSessionsQuery(null, SessionSort.StartedAscending, 2, 3));
        var third = await Handle(new ListActiveSessionsQuery(null, SessionSort.StartedAscending, 3, 3));

        Assert.Equal(3, first.PageCount);
        Assert.Equal((true, true, false), (first.HasNext, second.HasNext, third.HasNext));
        Assert.Equal(
            Enumerable.Range(0, 7).Select(i => $"user{i}"),
            first.Sessions.Concat(second.Sessions).Concat(third.Sessions).Select(s => s.Username));
        var newestFirst = await Handle(new ListActiveSessionsQuery(null, SessionSort.StartedDescending, 1, 1));
        Assert.Equal("user6", Assert.Single(newestFirst.Sessions).Username);
    }

    [Fact]
    public async Task Past_the_count_limit_the_count_says_more_and_next_still_leads_through_every_session_once()
    {
        var seeded = SessionPage.CountLimit + 7;
        await SeedAsync(Enumerable.Range(0, seeded).Select(i => ($"many{i:D5}", (string?)null, (string?)null)).ToArray());

        var pages = new List<SessionPage> { await Handle(new ListActiveSessionsQuery(null, SessionSort.Username, 1, ListActiveSessionsValidator.MaxPageSize)) };
        while (pages[^1].HasNext)
        {
            pages.Add(await Handle(new ListActiveSessionsQuery(null, SessionSort.Username, pages.Count + 1, ListActiveSessionsValidator.MaxPageSize)));
        }

        Assert.True(pages[0].MatchingIsCapped);
        Assert.Equal(SessionPage.CountLimit + 1, pages[0].Matching);
        Assert.Null(pages[0].PageCount);
        Assert.Equal(
            Enumerable.Range(0, seeded).Select(i => $"many{i:D5}"),
            pages.SelectMany(p => p.Sessions).Select(s => s.Username));
        Assert.Equal((seeded + ListActiveSessionsValidator.MaxPageSize - 1) / ListActiveSessionsValidator.MaxPageSize, pages.Count);
    }

    [Fact]
    public async Task The_address_filter_matches_a_whole_address_or_every_address_starting_with_the_prefix()
    {
        await SeedAsync(("one", "10.1.2.3", null), ("two", "10.1.9.9", null), ("ten", "10.10.0.1", null), ("six", "2001:db8::1", null), ("none", null, null));

        Assert.Equal(["one", "two"], await UsersAsync(new ListActiveSessionsQuery(null, SessionSort.Username, 1, 25, Address: "10.1.")));
        Assert.Equal(["one"], await UsersAsync(new ListActiveSessionsQuery(null, SessionSort.Username, 1, 25, Address: "10.1.2.3")));
        Assert.Equal(["six"], await UsersAsync(new ListActiveSessionsQuery(null, SessionSort.Username, 1, 25, Address: "2001:DB8:")));
        Assert.Equal(["six"], await UsersAsync(new ListActiveSessionsQuery(null, SessionSort.Username, 1, 25, Address: "2001:db8:0::1")));
    }

    [Theory]
    [InlineData("Chrome", "chrome")]
    [InlineData("Edge", "edge")]
    [InlineData("Safari", "safari")]
    [InlineData("Firefox", "firefox")]
    public async Task The_browser_filter_matches_the_name_the_list_shows(string browser, string expected)
    {
        await SeedAsync(
            ("chrome", null, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"),
            ("edge", null, "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"),
            ("safari", null, "Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"),
            ("firefox", null, "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
            ("curl", null, "curl/8.5.0"),
            ("nothing", null, null));

        Assert.Equal([expected], await UsersAsync(new ListActiveSessionsQuery(null, SessionSort.Username, 1, 25, Browser: browser)));
    }

    [Theory]
    [InlineData(SessionSort.Username, new[] { "ann", "bea", "cal" })]
    [InlineData(SessionSort.UsernameDescending, new[] { "cal", "bea", "ann" })]
    [InlineData(SessionSort.AddressAscending, new[] { "cal", "ann", "bea" })]
    [InlineData(SessionSort.AddressDescending, new[] { "bea", "ann", "cal" })]
    [InlineData(SessionSort.LastSeenAscending, new[] { "bea", "cal", "ann" })]
    [InlineData(SessionSort.LastSeenDescending, new[] { "ann", "cal", "bea" })]
    public async Task Each_header_order_sorts_by_its_column(SessionSort sort, string[] expected)
    {
        await SeedAsync(("bea", "10.0.0.9", null));
        _clock.Advance(TimeSpan.FromSeconds(1));
        await SeedAsync(("cal", "10.0.0.10", null));
        _clock.Advance(TimeSpan.FromSeconds(1));
        await SeedAsync(("ann", "10.0.0.5", null));

        Assert.Equal(expected, await UsersAsync(new ListActiveSessionsQuery(null, sort, 1, 25)));
    }

    [Fact]
    public async Task Pages_under_a_sort_with_ties_cover_every_session_exactly_once()
    {
        await SeedAsync(Enumerable.Range(0, 7).Select(i => ($"tie{i}", (string?)"10.0.0.1", (string?)null)).ToArray());

        var pages = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            pages.AddRange(await UsersAsync(new ListActiveSessionsQuery(null, SessionSort.AddressDescending, page, 3)));
        }

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"tie{i}").Order(), pages.Order());
    }

    [Theory]
    [InlineData("10.1.999.", null)]
    [InlineData("10.1", null)]
    [InlineData("10.1.2.3.", null)]
    [InlineData("1.2.3456", null)]
    [InlineData("not an address", null)]
    [InlineData("10.1.", null)]
    [InlineData("10.1.2.3", null)]
    [InlineData("2001:db8:", null)]
    [InlineData(null, "Netscape")]
    [InlineData(null, "Chrome")]
    public void Addresses_and_browsers_the_list_cannot_match_are_refused(string? address, string? browser)
    {
        var valid = address is "10.1." or "10.1.2.3" or "2001:db8:" || browser == "Chrome";
        var result = new ListActiveSessionsValidator().Validate(new ListActiveSessionsQuery(null, SessionSort.Username, 1, 25, address, browser));

        Assert.Equal(valid, result.IsValid);
        Assert.All(result.Errors, e => Assert.Contains(e.PropertyName, new[] { "Address", "Browser" }));
    }

    [Fact]
    public void An_unknown_sort_is_refused_under_its_own_name() =>
        Assert.Equal("Sort", Assert.Single(new ListActiveSessionsValidator().Validate(new ListActiveSessionsQuery(null, (SessionSort)(-1), 1, 25)).Errors).PropertyName);

    [Theory]
    [InlineData(0, 25)]
    [InlineData(1, 0)]
    [InlineData(1, 500)]
    public void Out_of_range_paging_is_refused(int page, int size) =>
        Assert.False(new ListActiveSessionsValidator().Validate(new ListActiveSessionsQuery(null, SessionSort.Username, page, size)).IsValid);

    private async Task SeedAsync(params (string User, string? Address, string? UserAgent)[] sessions)
    {
        await using var db = _database.NewContext();
        foreach (var (user, address, userAgent) in sessions)
        {
            db.Sessions.Add(new PortalSession(PortalSession.NewId(), user, "hash", new Dictionary<string, IReadOnlyList<string>>(),
                Now, TimeSpan.FromMinutes(30), TimeSpan.FromHours(8), address, userAgent));
        }

        await db.SaveChangesAsync();
    }

    private async Task<IEnumerable<string>> UsersAsync(ListActiveSessionsQuery query) =>
        (await Handle(query)).Sessions.Select(s => s.Username);

    private async Task<SessionPage> Handle(ListActiveSessionsQuery query)
    {
        await using var db = _database.NewContext();
        return await new ListActiveSessionsHandler(db, _clock).Handle(query, default);
    }
}
