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
        Assert.Equal(["bob"], await UsersAsync(new AuditFilter(SessionId: "s3")));
        Assert.Equal([null], await UsersAsync(new AuditFilter(Code: "INVALID_TICKET")));
        Assert.Equal(["alina", null], await UsersAsync(new AuditFilter(FromUtc: Start.AddMinutes(30), ToUtc: Start.AddDays(1))));
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

    private async Task<AuditPage> SearchAsync(AuditFilter filter, AuditCursor? before, int size)
    {
        await using var db = _database.NewContext();
        return await new SearchAuditLogHandler(db).Handle(new SearchAuditLogQuery(filter, before, size), default);
    }
}
