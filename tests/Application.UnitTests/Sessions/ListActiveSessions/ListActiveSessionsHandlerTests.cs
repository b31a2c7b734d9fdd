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
        Assert.Equal(2, page.TotalCount);
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
        Assert.Equal(
            Enumerable.Range(0, 7).Select(i => $"user{i}"),
            first.Sessions.Concat(second.Sessions).Concat(third.Sessions).Select(s => s.Username));
        var newestFirst = await Handle(new ListActiveSessionsQuery(null, SessionSort.StartedDescending, 1, 1));
        Assert.Equal("user6", Assert.Single(newestFirst.Sessions).Username);
    }

    [Theory]
    [InlineData(0, 25)]
    [InlineData(1, 0)]
    [InlineData(1, 500)]
    public void Out_of_range_paging_is_refused(int page, int size) =>
        Assert.False(new ListActiveSessionsValidator().Validate(new ListActiveSessionsQuery(null, SessionSort.Username, page, size)).IsValid);

    private async Task<SessionPage> Handle(ListActiveSessionsQuery query)
    {
        await using var db = _database.NewContext();
        return await new ListActiveSessionsHandler(db, _clock).Handle(query, default);
    }
}
