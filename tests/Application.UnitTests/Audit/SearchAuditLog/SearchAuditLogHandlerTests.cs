using CasPortal.Application.Audit;
using CasPortal.Application.Audit.SearchAuditLog;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Audit;

namespace CasPortal.Application.UnitTests.Audit.SearchAuditLog;

public sealed class SearchAuditLogHandlerTests : IDisposable
{
    private static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Pages_run_newest_first_and_stay_stable_while_new_events_arrive()
    {
        await AddAsync(Enumerable.Range(0, 60).Select(i => new AuditEvent(Start.AddMinutes(i), AuditEventType.LoginSucceeded, $"user{i}")));

        var first = await SearchAsync(new AuditFilter(), null, 25);
        await AddAsync(Enumerable.Range(0, 10).Select(i => new AuditEvent(Start.AddHours(5).AddMinutes(i), AuditEventType.LoginFailed, "newcomer")));
        var second = await SearchAsync(new AuditFilter(), first.Next, 25);
        var third = await SearchAsync(new AuditFilter(), second.Next, 25);

        var seen = first.Events.Concat(second.Events).Concat(third.Events).Select(e => e.Username).ToList();
        Assert.Equal(Enumerable.Range(0, 60).Reverse().Select(i => $"user{i}"), seen);
        Assert.Null(third.Next);
    }

    [Fact]
    public async Task Events_at_the_same_instant_are_neither_skipped_nor_repeated_across_pages()
    {
        await AddAsync(Enumerable.Range(0, 7).Select(i => new AuditEvent(Start, AuditEventType.Logout, $"same{i}")));

        var first = await SearchAsync(new AuditFilter(), null, 3);
        var second = await SearchAsync(new AuditFilter(), first.Next, 3);
        var third = await SearchAsync(new AuditFilter(), second.Next, 3);

        var ids = first.Events.Concat(second.Events).Concat(third.Events).Select(e => e.Id).ToList();
        Assert.Equal(7, ids.Distinct().Count());
        Assert.Equal(ids.OrderByDescending(id => id), ids);
    }

    [Fact]
    public async Task Every_filter_narrows_the_events()
    {
        await AddAsync(
        [
            new AuditEvent(Start, AuditEventType.LoginSucceeded, "alice", "s1", "192.0.2.1"),
            new AuditEvent(Start.AddHours(1), AuditEventType.LoginFailed, clientIp: "192.0.2.2", code: "INVALID_TICKET"),
            new AuditEvent(Start.AddHours(2), AuditEventType.Logout, "alina", "s2", "192.0.2.1"),
            new AuditEvent(Start.AddDays(1), AuditEventType.AccessDenied, "bob", "s3", "192.0.2.3"),
        ]);

        Assert.Equal(["alice"], await UsersAsync(new AuditFilter(User: "alice")));
        Assert.Equal(["alina", "alice"], await UsersAsync(new AuditFilter(User: "ali", UserMatch: UserMatch.Prefix)));
        Assert.Empty(await UsersAsync(new AuditFilter(User: "ali")));
        Assert.Equal(["bob", null], await UsersAsync(new AuditFilter(Outcome: AuditOutcome.Failure)));
        Assert.Equal(["alina", "alice"], await UsersAsync(new AuditFilter(Outcome: AuditOutcome.Success)));
        Assert.Equal(["alina"], await UsersAsync(new AuditFilter(Type: AuditEventType.Logout)));
        Assert.Equal(["alina", "alice"], await UsersAsync(new AuditFilter(ClientIp: "192.0.2.1")));
        Assert.Equal(["bob"], await UsersAsync(new AuditFilter(SessionReference: "s3")));
        Assert.Equal([null], await UsersAsync(new AuditFilter(Code: "INVALID_TICKET")));
        Assert.Equal(["alina", null], await UsersAsync(new AuditFilter(FromUtc: Start.AddMinutes(30), ToUtc: Start.AddDays(1))));
    }

    [Fact]
    public async Task Newer_walks_back_page_by_page_to_the_newest_events_and_then_stops()
    {
        await AddAsync(Enumerable.Range(0, 60).Select(i => new AuditEvent(Start.AddMinutes(i), AuditEventType.LoginSucceeded, $"user{i}")));
        var first = await SearchAsync(new AuditFilter(), null, 25);
        var second = await SearchAsync(new AuditFilter(), first.Next, 25);
        var third = await SearchAsync(new AuditFilter(), second.Next, 25);
        Assert.Null(first.Newer);

        var backToSecond = await SearchAsync(new AuditFilter(), null, 25, after: third.Newer);
        var backToFirst = await SearchAsync(new AuditFilter(), null, 25, after: backToSecond.Newer);

        Assert.Equal(Users(second), Users(backToSecond));
        Assert.Equal(Users(first), Users(backToFirst));
        Assert.Null(backToFirst.Newer);
        Assert.Equal(second.Next, backToSecond.Next);
    }

    [Fact]
    public async Task Sign_in_starts_can_be_left_out_unless_asked_for_by_name()
    {
        await AddAsync(
        [
            new AuditEvent(Start, AuditEventType.LoginStarted),
            new AuditEvent(Start.AddSeconds(1), AuditEventType.LoginSucceeded, "alice"),
        ]);

        Assert.Equal(["alice"], await UsersAsync(new AuditFilter(IncludeSignInStarts: false)));
        Assert.Equal(["alice", null], await UsersAsync(new AuditFilter()));
        Assert.Equal([null], await UsersAsync(new AuditFilter(Type: AuditEventType.LoginStarted, IncludeSignInStarts: false)));
    }

    [Fact]
    public async Task The_count_of_matching_events_stops_past_ten_thousand()
    {
        await AddAsync(Enumerable.Range(0, AuditPage.CountLimit + 5).Select(i => new AuditEvent(Start.AddSeconds(i), AuditEventType.Logout, "many")));
        await AddAsync([new AuditEvent(Start, AuditEventType.Logout, "few"), new AuditEvent(Start, AuditEventType.Logout, "few")]);

        var many = await SearchAsync(new AuditFilter(User: "many"), null, 25);
        var few = await SearchAsync(new AuditFilter(User: "few"), null, 25);

        Assert.True(many.MatchingIsCapped);
        Assert.Equal(AuditPage.CountLimit + 1, many.Matching);
        Assert.Equal((2, false), (few.Matching, few.MatchingIsCapped));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1-2-3")]
    [InlineData("99999999999999999999-1")]
    [InlineData("-5-1")]
    public void A_cursor_that_was_not_made_by_the_portal_is_ignored(string? value) => Assert.Null(AuditCursor.Parse(value));

    [Fact]
    public void A_cursor_survives_the_round_trip_through_a_url()
    {
        var cursor = new AuditCursor(Start.AddTicks(12345), 42);
        Assert.Equal(cursor, AuditCursor.Parse(cursor.ToString()));
    }

    private async Task<List<string?>> UsersAsync(AuditFilter filter) =>
        (await SearchAsync(filter, null, 25)).Events.Select(e => e.Username).ToList();

    private async Task AddAsync(IEnumerable<AuditEvent> events)
    {
        await using var db = _database.NewContext();
        db.AuditEvents.AddRange(events);
        await db.SaveChangesAsync();
    }

    private async Task<AuditPage> SearchAsync(AuditFilter filter, AuditCursor? before, int size, AuditCursor? after = null)
    {
        await using var db = _database.NewContext();
        return await new SearchAuditLogHandler(db).Handle(new SearchAuditLogQuery(filter, before, size, after), default);
    }

    private static List<string?> Users(AuditPage page) => page.Events.Select(e => e.Username).ToList();
}
