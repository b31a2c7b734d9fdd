namespace CasPortal.Application.Audit.GetAuditChart;

/// <summary>
/// Sign-ins, failed sign-ins and sign-ins sent back for a password (single sign-on refused after a revocation) over the
/// filtered range, per hour or per day of the viewer's time zone, and the most common failure causes.
/// </summary>
public sealed record GetAuditChartQuery(AuditFilter Filter, TimeZoneInfo TimeZone) : IQuery<AuditChart>;

public sealed record AuditChart(
    DateTime FromUtc,
    DateTime ToUtc,
    bool Hourly,
    IReadOnlyList<AuditChartBucket> Buckets,
    IReadOnlyList<FailureCause> TopFailureCauses);

/// <param name="Start">The bucket's start in the viewer's time zone.</param>
/// <param name="PasswordRequired">Sign-ins restarted because the user or browser must type the password again.</param>
public sealed record AuditChartBucket(DateTime Start, int SignIns, int Failures, int PasswordRequired = 0);

/// <param name="Code">The failure code, or null for failures recorded without one (named by <paramref name="Type"/>).</param>
public sealed record FailureCause(AuditEventType Type, string? Code, int Count);

public sealed class GetAuditChartHandler(IPortalDbContext db, TimeProvider clock) : IQueryHandler<GetAuditChartQuery, AuditChart>
{
    /// <summary>Without a time filter the chart shows the last 30 days.</summary>
    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(30);

    /// <summary>Ranges up to this long are drawn per hour, longer ones per day.</summary>
    public static readonly TimeSpan HourlyUpTo = TimeSpan.FromDays(3);

    public async ValueTask<AuditChart> Handle(GetAuditChartQuery query, CancellationToken cancellationToken)
    {
        var to = query.Filter.ToUtc ?? clock.GetUtcNow().UtcDateTime;
        var from = query.Filter.FromUtc ?? to - DefaultRange;
        var filter = query.Filter with { FromUtc = from, ToUtc = to };
        var events = filter.Apply(db.AuditEvents.AsNoTracking());

        // Counted per UTC hour in the database, then gathered into the viewer's hours or days here. An hour is keyed by
        // its date and hour of day rather than year, month, day and hour: SQLite keeps times as text and parses an
        // event's time again for each date function.
        var hourly = await events
            .Where(e => e.Type == AuditEventType.LoginSucceeded || e.Type == AuditEventType.LoginFailed
                || e.Type == AuditEventType.SignInRestartedForReauthentication)
            .GroupBy(e => new { Date = DateOnly.FromDateTime(e.OccurredAt), e.OccurredAt.Hour, e.Type })
            .Select(g => new { g.Key.Date, g.Key.Hour, g.Key.Type, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var isHourly = to - from <= HourlyUpTo;
        var buckets = hourly
            .Select(h => new
            {
                Start = BucketStart(h.Date.ToDateTime(new TimeOnly(h.Hour, 0), DateTimeKind.Utc), query.TimeZone, isHourly),
                h.Type,
                h.Count,
            })
            .GroupBy(h => h.Start)
            .ToDictionary(g => g.Key, g => new AuditChartBucket(
                g.Key,
                g.Where(h => h.Type == AuditEventType.LoginSucceeded).Sum(h => h.Count),
                g.Where(h => h.Type == AuditEventType.LoginFailed).Sum(h => h.Count),
                g.Where(h => h.Type == AuditEventType.SignInRestartedForReauthentication).Sum(h => h.Count)));

        var series = new List<AuditChartBucket>();
        var step = isHourly ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);
        for (var start = BucketStart(from, query.TimeZone, isHourly); start < TimeZoneInfo.ConvertTimeFromUtc(to, query.TimeZone); start += step)
        {
            series.Add(buckets.GetValueOrDefault(start) ?? new AuditChartBucket(start, 0, 0));
        }

        var failureTypes = AuditEventTypes.Failures;
        var causes = (await events
                .Where(e => failureTypes.Contains(e.Type))
                .GroupBy(e => new { e.Code, e.Type })
                .Select(g => new { g.Key.Code, g.Key.Type, Count = g.Count() })
                .OrderByDescending(c => c.Count)
                .Take(5)
                .ToListAsync(cancellationToken))
            .Select(c => new FailureCause(c.Type, c.Code, c.Count))
            .ToList();

        return new AuditChart(from, to, isHourly, series, causes);
    }

    private static DateTime BucketStart(DateTime utc, TimeZoneInfo zone, bool hourly)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        return hourly ? new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0) : local.Date;
    }
}
