using CasPortal.Application.Sessions;
using CasPortal.Application.Sessions.EndOwnSession;
using CasPortal.Application.Sessions.RevokeSession;
using CasPortal.Application.Sessions.RevokeUserSessions;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CasPortal.Application.UnitTests.Sessions.RevokeSession;

/// <summary>Ending sessions on someone's behalf: an administrator's revocations, and a user ending their other browsers.</summary>
public sealed class RevocationTests : IDisposable
{
    private static readonly FakeRequestContext AdminBrowser = new("192.0.2.50", "Admin browser");
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Revoking_a_session_ends_only_that_session_and_records_the_administrator()
    {
        var revoked = await _database.SeedSessionAsync("bob", Now);
        var kept = await _database.SeedSessionAsync("bob", Now);

        await using (var db = _database.NewContext())
        {
            Assert.Equal(1, (await new RevokeSessionHandler(db, db.Audit(AdminBrowser, _clock), _clock).Handle(new RevokeSessionCommand(revoked.Reference, "alice"), default)).EndedSessions);
        }

        await using var read = _database.NewContext();
        Assert.Equal(SessionEndReason.AdminRevoked, (await read.Sessions.FindAsync(revoked.IdHash))!.EndReason);
        Assert.Null((await read.Sessions.FindAsync(kept.IdHash))!.EndedAt);
        var audit = await read.AuditEvents.SingleAsync();
        Assert.Equal((AuditEventType.SessionRevoked, "bob", revoked.Reference), (audit.Type, audit.Username, audit.SessionReference));
        Assert.Contains("by alice", audit.Detail);
        Assert.Equal("192.0.2.50", audit.ClientIp);
    }

    [Fact]
    public async Task Revoking_an_unknown_or_ended_session_changes_nothing()
    {
        var id = await _database.SeedSessionAsync("bob", Now);
        await using var db = _database.NewContext();
        var handler = new RevokeSessionHandler(db, db.Audit(AdminBrowser, _clock), _clock);

        Assert.Equal(RevocationOutcome.NotFound, await handler.Handle(new RevokeSessionCommand("nope", "alice"), default));
        Assert.Equal(1, (await handler.Handle(new RevokeSessionCommand(id.Reference, "alice"), default)).EndedSessions);
        Assert.Equal(0, (await handler.Handle(new RevokeSessionCommand(id.Reference, "alice"), default)).EndedSessions);
        Assert.Equal(1, await _database.NewContext().AuditEvents.CountAsync());
    }

    [Fact]
    public async Task Revoking_a_user_ends_every_active_session_of_that_user_and_no_one_else()
    {
        await _database.SeedSessionAsync("bob", Now);
        await _database.SeedSessionAsync("bob", Now);
        var carol = await _database.SeedSessionAsync("carol", Now);

        await using (var db = _database.NewContext())
        {
            Assert.Equal(2, (await new RevokeUserSessionsHandler(db, db.Audit(AdminBrowser, _clock), _clock).Handle(new RevokeUserSessionsCommand("bob", "alice"), default)).EndedSessions);
        }

        await using var read = _database.NewContext();
        Assert.All(await read.Sessions.Where(s => s.Username == "bob").ToListAsync(), s => Assert.Equal(SessionEndReason.AdminRevoked, s.EndReason));
        Assert.Null((await read.Sessions.FindAsync(carol.IdHash))!.EndedAt);
        Assert.Equal(2, await read.AuditEvents.CountAsync(e => e.Type == AuditEventType.SessionRevoked && e.Username == "bob"));
    }

    [Fact]
    public async Task A_user_can_end_their_own_other_session_but_not_someone_elses_nor_the_one_in_use()
    {
        var here = await _database.SeedSessionAsync("bob", Now);
        var phone = await _database.SeedSessionAsync("bob", Now);
        var carols = await _database.SeedSessionAsync("carol", Now);
        await using var db = _database.NewContext();
        var handler = new EndOwnSessionHandler(db, db.Audit(FakeRequestContext.None, _clock), _clock);

        Assert.False(await handler.Handle(new EndOwnSessionCommand(carols.Reference, "bob", here.Reference), default));
        Assert.False(await handler.Handle(new EndOwnSessionCommand(here.Reference, "bob", here.Reference), default));
        Assert.True(await handler.Handle(new EndOwnSessionCommand(phone.Reference, "bob", here.Reference), default));

        await using var read = _database.NewContext();
        Assert.Null((await read.Sessions.FindAsync(carols.IdHash))!.EndedAt);
        Assert.Null((await read.Sessions.FindAsync(here.IdHash))!.EndedAt);
        Assert.Equal(SessionEndReason.Logout, (await read.Sessions.FindAsync(phone.IdHash))!.EndReason);
    }
}
