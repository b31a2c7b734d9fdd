namespace CasPortal.Application.Audit.ExportAuditLog;

/// <summary>Every event the filter matches, newest first, streamed row by row so memory stays flat at any size.</summary>
public sealed record ExportAuditLogQuery(AuditFilter Filter) : IStreamQuery<AuditEventRow>;

public sealed class ExportAuditLogHandler(IPortalDbContext db) : IStreamQueryHandler<ExportAuditLogQuery, AuditEventRow>
{
    public IAsyncEnumerable<AuditEventRow> Handle(ExportAuditLogQuery query, CancellationToken cancellationToken) =>
        AuditEventRow.Project(query.Filter.Apply(db.AuditEvents.AsNoTracking())
                .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id))
            .AsAsyncEnumerable();
}
