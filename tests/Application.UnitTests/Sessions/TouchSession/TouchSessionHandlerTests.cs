using CasPortal.Application.Sessions.TouchSession;

namespace CasPortal.Application.UnitTests.Sessions.TouchSession;

/// <summary>The write half of the session check: activity recorded, or an expired session ended.</summary>
public sealed class TouchSessionHandlerTests : DatabaseTest
{
    [Fact]
    public async Task Activity_is_written_once_the_write_interval_has_passed_and_not_before()
    {
        var session = await Database.SeedSessionAsync("bob", Now);
        var started = Now;

        Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(await Touch(session.Id));
        Assert.Equal(started, (await RowOf(session)).LastSeenAt);

        Clock.Advance(TimeSpan.FromSeconds(40));
        Assert.True(await Touch(session.Id));
        var row = await RowOf(session);
        Assert.Equal((Now, Now.AddMinutes(30)), (row.LastSeenAt, row.IdleExpiresAt));
        Assert.Empty(Database.NewContext().AuditEvents);
    }

    [Fact]
    public async Task An_idle_session_is_ended_refused_and_audited_as_expired_without_the_requests_origin()
    {
        var session = await Database.SeedSessionAsync("bob", Now);
        Clock.Advance(TimeSpan.FromMinutes(31));

        Assert.False(await Touch(session.Id));

        var row = await RowOf(session);
        Assert.Equal(SessionEndReason.Expired, row.EndReason);
        Assert.Equal(Now, row.EndedAt);
        var audit = await Database.NewContext().AuditEvents.SingleAsync();
        Assert.Equal((AuditEventType.SessionExpired, "bob", session.Reference, "Idle timeout reached", null),
            (audit.Type, audit.Username, audit.SessionReference, audit.Detail, audit.ClientIp));
    }

    [Fact]
    public async Task A_busy_session_ends_at_its_absolute_lifetime()
    {
        var session = await Database.SeedSessionAsync("bob", Now);
        var lifetimeEnds = Now.AddHours(8);
        var answers = new List<bool>();
        while (Now < lifetimeEnds)
        {
            Clock.Advance(TimeSpan.FromMinutes(20));
            answers.Add(await Touch(session.Id));
        }

        Assert.Equal([.. Enumerable.Repeat(true, 23), false], answers);

        Assert.Equal("Absolute lifetime reached", (await Database.NewContext().AuditEvents.SingleAsync()).Detail);
    }

    [Fact]
    public async Task Unknown_malformed_and_ended_sessions_are_refused_and_nothing_is_written()
    {
        var ended = await Database.SeedSessionAsync("bob", Now);
        await EndAsync(ended);
        Clock.Advance(TimeSpan.FromMinutes(2));

        Assert.False(await Touch("no-such-session"));
        Assert.False(await Touch(string.Empty));
        Assert.False(await Touch(new string('x', 500)));
        Assert.False(await Touch(ended.Id));

        Assert.Equal(Now.AddMinutes(-2), (await RowOf(ended)).LastSeenAt);
        Assert.Equal([AuditEventType.Logout], await Database.NewContext().AuditEvents.Select(e => e.Type).ToListAsync());
    }

    private async Task<bool> Touch(string sessionId)
    {
        await using var db = Database.NewContext();
        db.Audit(BobsBrowser, Clock);
        return await new TouchSessionHandler(db, TestOptions.Sessions(), Clock).Handle(new TouchSessionCommand(sessionId), default);
    }
}
