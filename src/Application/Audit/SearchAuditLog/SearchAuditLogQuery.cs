using System.Globalization;

namespace CasPortal.Application.Audit.SearchAuditLog;

/// <summary>
/// One page of the audit log, newest first. Keyset paging: <paramref name="Before"/> is the last event of the previous
/// (newer) page, <paramref name="After"/> the first event of the next (older) one, so pages stay stable while new
/// events arrive.
/// </summary>
public sealed record SearchAuditLogQuery(AuditFilter Filter, AuditCursor? Before, int PageSize, AuditCursor? After = null)
    : IQuery<AuditPage>;

/// <param name="Next">Where the older page starts, or null on the oldest page.</param>
/// <param name="Newer">Where the newer page ends, or null on the newest page.</param>
/// <param name="Matching">How many events match the filter, counted up to <see cref="AuditPage.CountLimit"/> + 1.</param>
public sealed record AuditPage(IReadOnlyList<AuditEventRow> Events, AuditCursor? Next, AuditCursor? Newer = null, int Matching = 0)
{
    /// <summary>Counting stops past this many, so a broad filter on a large log costs no more than a bounded scan.</summary>
    public const int CountLimit = 10_000;

    public bool MatchingIsCapped => Matching > CountLimit;
}

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
        var matching = query.Filter.Apply(db.AuditEvents.AsNoTracking());
        var count = await matching.Take(AuditPage.CountLimit + 1).CountAsync(cancellationToken);

        if (query.After is { } after)
        {
            // Walking back towards the newest: read oldest-first from the cursor, then show the page newest-first.
            var newer = await AuditEventRow.Project(matching
                    .Where(e => e.OccurredAt > after.OccurredAt || (e.OccurredAt == after.OccurredAt && e.Id > after.Id))
                    .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id))
                .Take(query.PageSize + 1)
                .ToListAsync(cancellationToken);
            var hasNewer = RemoveExtra(newer, query.PageSize);
            newer.Reverse();
            return new AuditPage(newer, CursorOf(newer.LastOrDefault()), hasNewer ? CursorOf(newer[0]) : null, count);
        }

        var events = matching;
        if (query.Before is { } before)
        {
            events = events.Where(e => e.OccurredAt < before.OccurredAt || (e.OccurredAt == before.OccurredAt && e.Id < before.Id));
        }

        // One extra row tells whether there is a next page without counting the whole log.
        var rows = await AuditEventRow.Project(events.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id))
            .Take(query.PageSize + 1)
            .ToListAsync(cancellationToken);
        var hasOlder = RemoveExtra(rows, query.PageSize);
        return new AuditPage(
            rows,
            hasOlder ? CursorOf(rows[^1]) : null,
            query.Before is null ? null : CursorOf(rows.FirstOrDefault()),
            count);
    }

    private static bool RemoveExtra(List<AuditEventRow> rows, int pageSize)
    {
        if (rows.Count <= pageSize)
        {
            return false;
        }

        rows.RemoveAt(rows.Count - 1);
        return true;
    }

    private static AuditCursor? CursorOf(AuditEventRow? row) => row is null ? null : new AuditCursor(row.OccurredAt, row.Id);
}
