using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CasPortal.Application.Common.Telemetry;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using CasPortal.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Infrastructure.Tests.Persistence;

/// <summary>Metrics follow the audit events a save commits, and only those.</summary>
public sealed class AuditMetricsInterceptorTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 12, 2, 9, 0, 0, DateTimeKind.Utc);
    private readonly SqliteTestFolder _folder = new();
    private readonly StandaloneMeterFactory _meters = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)> _recorded = new();
    private readonly PortalMetrics _metrics;

    public AuditMetricsInterceptorTests()
    {
        _metrics = new PortalMetrics(_meters);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_meters.Owns(instrument.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            _recorded.Enqueue((instrument.Name, value, new Dictionary<string, object?>(tags.ToArray()))));
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _meters.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_committed_save_counts_its_sign_ins_revocations_and_audit_events_by_type()
    {
        await using var db = await MigratedAsync();
        db.AuditEvents.Add(new AuditEvent(Now, AuditEventType.LoginSucceeded, "alice"));
        db.AuditEvents.Add(new AuditEvent(Now, AuditEventType.LoginFailed, code: "INVALID_SERVICE"));
        db.AuditEvents.Add(new AuditEvent(Now, AuditEventType.SessionRevoked, "bob"));
        db.AuditEvents.Add(new AuditEvent(Now, AuditEventType.SessionRevoked, "bob"));

        await db.SaveChangesAsync();

        Assert.Equal(1, Total("casportal.sign_in.attempts", ("casportal.outcome", "success")));
        Assert.Equal(1, Total("casportal.sign_in.attempts", ("casportal.outcome", "failure"), ("error.type", "INVALID_SERVICE")));
        Assert.Equal(2, Total("casportal.sessions.revoked"));
        Assert.Equal(2, Total("casportal.audit.events.written", ("casportal.audit.event_type", "SessionRevoked")));
        Assert.Equal(4, Total("casportal.audit.events.written"));
    }

    [Fact]
    public async Task A_save_that_fails_counts_nothing_and_the_next_save_counts_only_its_own()
    {
        await using (var setup = await MigratedAsync())
        {
            setup.Sessions.Add(Session("taken"));
            await setup.SaveChangesAsync();
        }

        await using var db = NewContext();
        db.AuditEvents.Add(new AuditEvent(Now, AuditEventType.LoginSucceeded, "alice"));
        db.Sessions.Add(Session("taken"));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Equal(0, Total("casportal.audit.events.written"));

        await using var next = NewContext();
        next.AuditEvents.Add(new AuditEvent(Now, AuditEventType.Logout, "bob"));
        await next.SaveChangesAsync();

        Assert.Equal(1, Total("casportal.audit.events.written"));
        Assert.Equal(0, Total("casportal.sign_in.attempts"));
    }

    [Fact]
    public async Task A_revoked_session_counts_once_from_the_audit_record_its_end_writes()
    {
        await using (var setup = await MigratedAsync())
        {
            setup.Sessions.Add(Session("s1"));
            await setup.SaveChangesAsync();
        }

        await using var db = NewContext().Audited(TimeProvider.System);
        (await db.Sessions.SingleAsync()).End(Now, SessionEndReason.AdminRevoked, "carol");
        await db.SaveChangesAsync();
        await db.SaveChangesAsync();

        Assert.Equal(1, Total("casportal.sessions.revoked"));
        Assert.Equal(1, Total("casportal.audit.events.written", ("casportal.audit.event_type", "SessionRevoked")));
    }

    private long Total(string instrument, params (string Tag, string Value)[] tags) =>
        _recorded.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.TryGetValue(t.Tag, out var v) && Equals(v, t.Value)))
            .Sum(m => m.Value);

    private static PortalSession Session(string id) =>
        new(id, "alice", "hash-" + id, new Dictionary<string, IReadOnlyList<string>>(), Now, TimeSpan.FromMinutes(30), TimeSpan.FromHours(8), null, null);

    private PortalDbContext NewContext() =>
        new(new DbContextOptionsBuilder<PortalDbContext>()
            .UseSqlite(_folder.ConnectionString)
            .AddInterceptors(new AuditMetricsInterceptor(_metrics))
            .Options);

    private async Task<PortalDbContext> MigratedAsync()
    {
        var db = NewContext();
        await db.Database.MigrateAsync();
        return db;
    }
}
