using CasPortal.Application.Common.Options;
using CasPortal.Application.Sessions.CloseExpiredSessions;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CasPortal.Application.UnitTests.Sessions.CloseExpiredSessions;

public sealed class CloseExpiredSessionsHandlerTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Sessions_past_their_idle_timeout_are_ended_as_expired_and_audited()
    {
        var idle = await _database.SeedSessionAsync("alice", Now);
        _clock.Advance(TimeSpan.FromMinutes(20));
        var fresh = await _database.SeedSessionAsync("bob", Now);
        _clock.Advance(TimeSpan.FromMinutes(11));

        var result = await Handle();

        Assert.Equal(new CloseExpiredSessionsResult(1, 0, 0), result);
        await using var db = _database.NewContext();
        Assert.Equal(SessionEndReason.Expired, (await db.Sessions.FindAsync(idle.IdHash))!.EndReason);
        Assert.Null((await db.Sessions.FindAsync(fresh.IdHash))!.EndedAt);
        var audit = await db.AuditEvents.SingleAsync();
        Assert.Equal((AuditEventType.SessionExpired, "alice"), (audit.Type, audit.Username));
    }

    [Fact]
    public async Task Ended_sessions_are_deleted_after_the_retention_and_their_audit_events_stay()
    {
        await _database.SeedSessionAsync("alice", Now);
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, (await Handle()).Expired);

        _clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(0, (await Handle()).Deleted);
        _clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, (await Handle()).Deleted);

        await using var db = _database.NewContext();
        Assert.Empty(db.Sessions);
        Assert.Single(db.AuditEvents);
    }

    [Fact]
    public async Task More_expired_sessions_than_one_batch_are_all_closed()
    {
        await using (var db = _database.NewContext())
        {
            for (var i = 0; i < 1200; i++)
            {
                db.Sessions.Add(new PortalSession(PortalSession.NewId(), $"user{i}", "h", new Dictionary<string, IReadOnlyList<string>>(),
                    Now, TimeSpan.FromMinutes(30), TimeSpan.FromHours(8), null, null));
            }

            await db.SaveChangesAsync();
        }

        _clock.Advance(TimeSpan.FromHours(9));

        Assert.Equal(1200, (await Handle()).Expired);
    }

    private async Task<CloseExpiredSessionsResult> Handle()
    {
        await using var db = _database.NewContext();
        return await new CloseExpiredSessionsHandler(db, Options.Create(new SessionOptions()), _clock)
            .Handle(new CloseExpiredSessionsCommand(), default);
    }
}
