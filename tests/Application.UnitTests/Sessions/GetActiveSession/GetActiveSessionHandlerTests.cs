using CasPortal.Application.Sessions.GetActiveSession;
using CasPortal.Application.Sessions.ListMySessions;
using CasPortal.Application.Sessions.TouchSession;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Application.UnitTests.Sessions.GetActiveSession;

public sealed class GetActiveSessionHandlerTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task An_active_session_is_returned_with_its_attributes()
    {
        var id = await _database.SeedSessionAsync("alice", Now);

        var session = await Handle(id.Id);

        Assert.NotNull(session);
        Assert.Equal("alice", session.Username);
        Assert.Equal(["alice@example.edu"], session.Attributes["mail"]);
    }

    [Fact]
    public async Task The_database_holds_only_a_hash_of_the_cookies_id_and_the_hash_opens_nothing()
    {
        var id = await _database.SeedSessionAsync("alice", Now);

        await using (var db = _database.NewContext())
        {
            var row = await db.Sessions.SingleAsync();
            Assert.NotEqual(id.Id, row.IdHash);
            Assert.DoesNotContain(id.Id, row.Reference);
        }

        // Someone holding a database backup has the key, not a cookie: presenting it finds no session.
        Assert.Null(await Handle(id.IdHash));
        Assert.Null(await Handle(id.Reference));
        Assert.NotNull(await Handle(id.Id));
    }

    [Fact]
    public async Task An_ended_session_is_refused_on_the_very_next_request()
    {
        var id = await _database.SeedSessionAsync("alice", Now);
        await using (var db = _database.NewContext())
        {
            (await db.Sessions.FindAsync(id.IdHash))!.End(Now, SessionEndReason.AdminRevoked);
            await db.SaveChangesAsync();
        }

        Assert.Null(await Handle(id.Id));
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_are_refused()
    {
        Assert.Null(await Handle("no-such-session"));
        Assert.Null(await Handle(new string('x', 500)));
        Assert.Null(await Handle(string.Empty));
    }

    [Fact]
    public async Task Activity_keeps_a_session_alive_past_the_idle_timeout()
    {
        var id = await _database.SeedSessionAsync("alice", Now);
        for (var i = 0; i < 4; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(20));
            Assert.NotNull(await Handle(id.Id));
        }
    }

    [Fact]
    public async Task An_idle_session_expires_and_the_expiry_is_audited()
    {
        var id = await _database.SeedSessionAsync("alice", Now);
        _clock.Advance(TimeSpan.FromMinutes(31));

        Assert.Null(await Handle(id.Id));

        await using var db = _database.NewContext();
        Assert.Equal(SessionEndReason.Expired, (await db.Sessions.FindAsync(id.IdHash))!.EndReason);
        var audit = Assert.Single(db.AuditEvents);
        Assert.Equal((AuditEventType.SessionExpired, "alice", id.Reference), (audit.Type, audit.Username, audit.SessionReference));
    }

    [Fact]
    public async Task A_busy_session_still_ends_at_its_absolute_lifetime()
    {
        var id = await _database.SeedSessionAsync("alice", Now);
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(8) - TimeSpan.FromMinutes(10); elapsed += TimeSpan.FromMinutes(10))
        {
            _clock.Advance(TimeSpan.FromMinutes(10));
            Assert.NotNull(await Handle(id.Id));
        }

        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(await Handle(id.Id));
    }

    [Fact]
    public async Task Last_seen_is_written_at_most_once_a_minute()
    {
        var id = await _database.SeedSessionAsync("alice", Now);
        var started = Now;

        _clock.Advance(TimeSpan.FromSeconds(30));
        await Handle(id.Id);
        await using (var db = _database.NewContext())
        {
            Assert.Equal(started, (await db.Sessions.FindAsync(id.IdHash))!.LastSeenAt);
        }

        _clock.Advance(TimeSpan.FromSeconds(40));
        await Handle(id.Id);
        await using (var db = _database.NewContext())
        {
            Assert.Equal(Now, (await db.Sessions.FindAsync(id.IdHash))!.LastSeenAt);
        }
    }

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task The_check_itself_never_writes_and_says_when_a_write_is_due()
    {
        var id = await _database.SeedSessionAsync("alice", Now);
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.False((await Read(id.Id)).TouchDue);

        _clock.Advance(TimeSpan.FromSeconds(40));
        var due = await Read(id.Id);
        Assert.NotNull(due.Session);
        Assert.True(due.TouchDue);

        _clock.Advance(TimeSpan.FromHours(1));
        var expired = await Read(id.Id);
        Assert.Null(expired.Session);
        Assert.True(expired.TouchDue);

        await using var db = _database.NewContext();
        var row = await db.Sessions.SingleAsync();
        Assert.Null(row.EndedAt);
        Assert.Equal(Now - TimeSpan.FromHours(1) - TimeSpan.FromSeconds(70), row.LastSeenAt);
        Assert.Empty(db.AuditEvents);
    }

    [Fact]
    public async Task A_session_ended_between_the_check_and_its_write_is_refused()
    {
        var id = await _database.SeedSessionAsync("alice", Now);
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True((await Read(id.Id)).TouchDue);

        await using (var db = _database.NewContext())
        {
            (await db.Sessions.FindAsync(id.IdHash))!.End(Now, SessionEndReason.AdminRevoked, "carol");
            await db.SaveChangesAsync();
        }

        await using var touch = _database.NewContext();
        Assert.False(await new TouchSessionHandler(touch, TestOptions.Sessions(), _clock).Handle(new TouchSessionCommand(id.Id), default));
    }

    /// <summary>The check as the session store makes it: the read, and the write only when the read says it is due.</summary>
    private async Task<ActiveSession?> Handle(string id)
    {
        var check = await Read(id);
        if (check.TouchDue)
        {
            await using var db = _database.NewContext();
            db.Audit(FakeRequestContext.None, _clock);
            if (!await new TouchSessionHandler(db, TestOptions.Sessions(), _clock).Handle(new TouchSessionCommand(id), CancellationToken.None))
            {
                return null;
            }
        }

        return check.Session;
    }

    [Fact]
    public async Task Asked_for_them_the_check_brings_the_users_live_sessions_as_the_profiles_own_query_lists_them()
    {
        var older = await _database.SeedSessionAsync("alice", Now);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var current = await _database.SeedSessionAsync("alice", Now);
        var ended = await _database.SeedSessionAsync("alice", Now);
        await _database.SeedSessionAsync("bob", Now);
        await using (var db = _database.NewContext())
        {
            (await db.Sessions.FindAsync(ended.IdHash))!.End(Now, SessionEndReason.Logout);
            await db.SaveChangesAsync();
        }

        _clock.Advance(TimeSpan.FromSeconds(30));
        var check = await Read(current.Id, withOwnSessions: true);

        await using var read = _database.NewContext();
        var listed = await new ListMySessionsHandler(read, _clock).Handle(new ListMySessionsQuery("alice"), CancellationToken.None);
        Assert.Equal([current.Reference, older.Reference], check.OwnSessions!.Select(s => s.Reference));
        Assert.Equal(listed, check.OwnSessions);
        Assert.Equal("alice", check.Session!.Username);
        Assert.Null((await Read(current.Id)).OwnSessions); // not asked for: the check reads its row alone
    }

    [Fact]
    public async Task The_check_brings_no_list_for_a_session_it_refuses_or_whose_last_seen_mark_is_due()
    {
        var id = await _database.SeedSessionAsync("alice", Now);
        var ended = await _database.SeedSessionAsync("alice", Now);
        await using (var db = _database.NewContext())
        {
            (await db.Sessions.FindAsync(ended.IdHash))!.End(Now, SessionEndReason.AdminRevoked);
            await db.SaveChangesAsync();
        }

        Assert.Equal(SessionCheck.None, await Read(ended.Id, withOwnSessions: true));
        Assert.Equal(SessionCheck.None, await Read("no-such-session", withOwnSessions: true));

        // The write moves this session's "last seen" after the read, so the page lists the sessions after the write.
        _clock.Advance(TimeSpan.FromMinutes(2));
        var due = await Read(id.Id, withOwnSessions: true);
        Assert.True(due.TouchDue);
        Assert.Null(due.OwnSessions);
    }

    private async Task<SessionCheck> Read(string id, bool withOwnSessions = false)
    {
        await using var db = _database.NewContext();
        return await new GetActiveSessionHandler(db, TestOptions.Sessions(), _clock)
            .Handle(new GetActiveSessionQuery(id, withOwnSessions), CancellationToken.None);
    }
}
