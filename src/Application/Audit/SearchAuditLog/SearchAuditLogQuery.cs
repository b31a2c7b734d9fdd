using System.Globalization;
using CasPortal.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Application.Audit.SearchAuditLog;

/// <summary>
/// One page of the audit log, newest first. Keyset paging: <paramref name="Before"/> is the last event of the previous
/// page, so pages stay stable while new events arrive.
/// </summary>
public sealed record SearchAuditLogQuery(AuditFilter Filter, AuditCursor? Before, int PageSize) : IQuery<AuditPage>;

public sealed record AuditPage(IReadOnlyList<AuditEventRow> Events, AuditCursor? Next);

/// <summary>A position in the newest-first order: an event's time and id.</summary>
public sealed record AuditCursor(DateTime OccurredAt, long Id)
{
    public override string ToString() => $"{OccurredAt.Ticks.ToString(CultureInfo.InvariantCulture)}-{Id.ToString(CultureInfo.InvariantCulture)}";

    public static AuditCursor? Parse(string? value)
    {
        var parts = value?.Split('-');
        return parts is [var ticks, var id]
            && long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t <= DateTime.MaxValue.Ticks
            && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            ? new AuditCursor(new DateTime(t, DateTimeKind.Utc), i)
            : null;
    }
}

public sealed class SearchAuditLogHandler(IPortalDbContext db) : IQueryHandler<SearchAuditLogQuery, AuditPage>
{
    public async ValueTask<AuditPage> Handle(SearchAuditLogQuery query, CancellationToken cancellationToken)
    {
        var events = query.Filter.Apply(db.AuditEvents.AsNoTracking());
        if (query.Before is { } before)
        {
            events = events.Where(e => e.OccurredAt < before.OccurredAt || (e.OccurredAt == before.OccurredAt && e.Id < before.Id));
        }

        // One extra row tells whether there is a next page without counting the whole log.
        var rows = await AuditEventRow.Project(events.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id))
            .Take(query.PageSize + 1)
            .ToListAsync(cancellationToken);
        var hasMore = rows.Count > query.PageSize;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new AuditPage(rows, hasMore ? new AuditCursor(rows[^1].OccurredAt, rows[^1].Id) : null);
    }
}
