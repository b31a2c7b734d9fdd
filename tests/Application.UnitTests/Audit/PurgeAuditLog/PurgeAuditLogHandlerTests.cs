using CasPortal.Application.Audit.PurgeAuditLog;
using CasPortal.Application.Common.Options;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CasPortal.Application.UnitTests.Audit.PurgeAuditLog;

public sealed class PurgeAuditLogHandlerTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordedMetrics _metrics = new();

    public void Dispose()
    {
        _database.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task Events_older_than_the_retention_are_removed_and_the_purge_records_its_count()
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        await using (var db = _database.NewContext())
        {
            db.AuditEvents.AddRange(Enumerable.Range(0, 25_000).Select(i => new AuditEvent(now.AddDays(-401).AddSeconds(-i), AuditEventType.LoginSucceeded, "old")));
            db.AuditEvents.Add(new AuditEvent(now.AddDays(-399), AuditEventType.LoginSucceeded, "kept"));
            await db.SaveChangesAsync();
        }

        int removed;
        await using (var db = _database.NewContext())
        {
            removed = await new PurgeAuditLogHandler(db, db.Audit(FakeRequestContext.None, _clock), Options.Create(new AuditOptions { RetentionDays = 400 }), _clock, _metrics.Metrics)
                .Handle(new PurgeAuditLogCommand(), default);
        }

        Assert.Equal(25_000, removed);
        await using var read = _database.NewContext();
        var left = await read.AuditEvents.OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(["kept", null], left.Select(e => e.Username));
        var purge = left[1];
        Assert.Equal(AuditEventType.AuditPurged, purge.Type);
        Assert.Contains("Removed 25000 events", purge.Detail);
        Assert.Equal(25_000, _metrics.Total("casportal.audit.events.purged"));
    }

    [Fact]
    public async Task Nothing_to_remove_writes_nothing()
    {
        await using var db = _database.NewContext();

        var removed = await new PurgeAuditLogHandler(db, db.Audit(FakeRequestContext.None, _clock), Options.Create(new AuditOptions()), _clock, _metrics.Metrics).Handle(new PurgeAuditLogCommand(), default);

        Assert.Equal(0, removed);
        Assert.Empty(_database.NewContext().AuditEvents);
        Assert.Equal(0, _metrics.Total("casportal.audit.events.purged"));
    }
}
