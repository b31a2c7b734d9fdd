using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using CasPortal.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CasPortal.Infrastructure.Tests.Persistence;

/// <summary>A session's end and its audit record are one change: saved together, or neither.</summary>
public sealed class SessionEndAuditTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 12, 2, 9, 0, 0, DateTimeKind.Utc);
    private static readonly TestRequest AdminBrowser = new("192.0.2.50", "Admin browser");
    private readonly SqliteConnection _connection = new("DataSource=:memory:");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(Now));

    public SessionEndAuditTests()
    {
        _connection.Open();
        using var db = NewContext();
        db.Database.EnsureCreated();
        db.Sessions.Add(new PortalSession("s1", "bob", "hash", new Dictionary<string, IReadOnlyList<string>>(),
            Now.AddMinutes(-5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(8), null, "Firefox"));
        db.SaveChanges();
    }

    public void Dispose() => _connection.Dispose();

    [Fact]
    public async Task Saving_a_session_end_writes_its_audit_record_in_the_same_save()
    {
        await using (var db = NewContext().Audited(_clock, AdminBrowser))
        {
            (await db.Sessions.SingleAsync()).End(Now, SessionEndReason.AdminRevoked, "alice", "Session revoked");
            Assert.Empty(db.ChangeTracker.Entries<AuditEvent>());
            await db.SaveChangesAsync();
        }

        await using var read = NewContext();
        var session = await read.Sessions.SingleAsync();
        var audit = await read.AuditEvents.SingleAsync();
        Assert.Equal(SessionEndReason.AdminRevoked, session.EndReason);
        Assert.Equal(
            (AuditEventType.SessionRevoked, "bob", session.Reference, "Session revoked by alice", "192.0.2.50", "Admin browser", Now),
            (audit.Type, audit.Username, audit.SessionReference, audit.Detail, audit.ClientIp, audit.UserAgent, audit.OccurredAt));
    }

    [Fact]
    public async Task A_session_end_whose_transaction_is_rolled_back_leaves_no_audit_record_behind()
    {
        await using (var db = NewContext().Audited(_clock))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            (await db.Sessions.SingleAsync()).End(Now, SessionEndReason.Logout);
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        await using var read = NewContext();
        Assert.Null((await read.Sessions.SingleAsync()).EndedAt);
        Assert.Empty(read.AuditEvents);
    }

    [Fact]
    public async Task A_session_is_audited_once_however_often_it_is_ended_and_saved()
    {
        await using (var db = NewContext().Audited(_clock))
        {
            var session = await db.Sessions.SingleAsync();
            session.End(Now, SessionEndReason.Logout);
            await db.SaveChangesAsync();
            Assert.False(session.End(Now.AddMinutes(1), SessionEndReason.AdminRevoked, "alice"));
            await db.SaveChangesAsync();
        }

        await using var read = NewContext();
        Assert.Equal([AuditEventType.Logout], await read.AuditEvents.Select(e => e.Type).ToListAsync());
    }

    [Fact]
    public async Task A_context_without_an_audit_trail_refuses_to_save_an_end_rather_than_lose_its_record()
    {
        await using (var db = NewContext())
        {
            (await db.Sessions.SingleAsync()).End(Now, SessionEndReason.Logout);
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }

        await using var read = NewContext();
        Assert.Null((await read.Sessions.SingleAsync()).EndedAt);
    }

    private PortalDbContext NewContext() => new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(_connection).Options);
}
