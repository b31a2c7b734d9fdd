using CasPortal.Application.Common.Telemetry;

namespace CasPortal.Application.Audit.PurgeAuditLog;

/// <summary>
/// Retention: removes audit events older than Audit:RetentionDays and records that it did. The only code that ever
/// deletes audit events.
/// </summary>
public sealed record PurgeAuditLogCommand : ICommand<int>;

public sealed class PurgeAuditLogHandler(IPortalDbContext db, AuditTrail audit, IOptions<AuditOptions> options, TimeProvider clock, PortalMetrics metrics)
    : ICommandHandler<PurgeAuditLogCommand, int>
{
    /// <summary>Events deleted per statement, so readers and writers get the database between batches.</summary>
    private const int BatchSize = 10_000;

    public async ValueTask<int> Handle(PurgeAuditLogCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cutoff = now.AddDays(-options.Value.RetentionDays);
        var removed = 0;
        int batch;
        do
        {
            var oldest = db.AuditEvents.Where(e => e.OccurredAt < cutoff).OrderBy(e => e.OccurredAt).Take(BatchSize).Select(e => e.Id);
            batch = await db.AuditEvents.Where(e => oldest.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
            removed += batch;
        }
        while (batch == BatchSize);

        if (removed > 0)
        {
            audit.Record(AuditEventType.AuditPurged,
                detail: $"Removed {removed} events older than {options.Value.RetentionDays} days (before {cutoff:yyyy-MM-dd HH:mm} UTC)");
            await db.SaveChangesAsync(cancellationToken);
        }

        metrics.AuditEventsPurged(removed);
        return removed;
    }
}
