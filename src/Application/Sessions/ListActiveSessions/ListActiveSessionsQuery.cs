namespace CasPortal.Application.Sessions.ListActiveSessions;

/// <summary>The orders of the sessions list: a column and a direction each, as the sortable headers offer them.</summary>
public enum SessionSort
{
    LastSeenDescending,
    StartedDescending,
    StartedAscending,
    Username,
    UsernameDescending,
    LastSeenAscending,
    AddressAscending,
    AddressDescending,
}

public static class SessionSorts
{
    public static string Describe(SessionSort sort) => sort switch
    {
        SessionSort.StartedDescending => "Started, newest first",
        SessionSort.StartedAscending => "Started, oldest first",
        SessionSort.Username => "User name, A to Z",
        SessionSort.UsernameDescending => "User name, Z to A",
        SessionSort.LastSeenAscending => "Last seen, oldest first",
        SessionSort.AddressAscending => "Client IP, ascending",
        SessionSort.AddressDescending => "Client IP, descending",
        _ => "Last seen, newest first",
    };
}

/// <summary>
/// The administrators' view: every active session, filtered by user (prefix), client address (exact or prefix, as
/// <see cref="AddressFilter"/> reads it) and browser (one of <see cref="BrowserFamilies.Names"/>), sorted and paged.
/// </summary>
public sealed record ListActiveSessionsQuery(
    string? User, SessionSort Sort, int Page, int PageSize, string? Address = null, string? Browser = null)
    : IQuery<SessionPage>;

/// <param name="Matching">How many active sessions match the filters, counted up to <see cref="SessionPage.CountLimit"/> + 1.</param>
/// <param name="HasNext">Whether a later page holds more sessions.</param>
public sealed record SessionPage(IReadOnlyList<SessionSummary> Sessions, int Page, int PageSize, int Matching, bool HasNext)
{
    /// <summary>Counting stops past this many, so the list of a large deployment costs no more than a bounded read.</summary>
    public const int CountLimit = 10_000;

    public bool MatchingIsCapped => Matching > CountLimit;

    /// <summary>How many pages there are, or null when the count is capped and the last page is not known.</summary>
    public int? PageCount => MatchingIsCapped ? null : Math.Max(1, (Matching + PageSize - 1) / PageSize);
}

public sealed class ListActiveSessionsHandler(IPortalDbContext db, TimeProvider clock)
    : IQueryHandler<ListActiveSessionsQuery, SessionPage>
{
    public async ValueTask<SessionPage> Handle(ListActiveSessionsQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var active = db.Sessions.AsNoTracking()
            .Where(s => s.EndedAt == null && s.IdleExpiresAt > now && s.AbsoluteExpiresAt > now);
        if (!string.IsNullOrWhiteSpace(query.User))
        {
            // A range rather than LIKE: case-sensitive on every database, and answered by the (Username, EndedAt) index.
            var prefix = query.User.Trim();
            var upper = prefix + char.MaxValue;
            active = active.Where(s => string.Compare(s.Username, prefix) >= 0 && string.Compare(s.Username, upper) < 0);
        }

        if (AddressFilter.Parse(query.Address) is { } address)
        {
            var value = address.Value;
            var upper = value + char.MaxValue;
            active = address.IsPrefix
                ? active.Where(s => s.ClientIp != null && string.Compare(s.ClientIp, value) >= 0 && string.Compare(s.ClientIp, upper) < 0)
                : active.Where(s => s.ClientIp == value);
        }

        if (!string.IsNullOrWhiteSpace(query.Browser))
        {
            // The browser is read from the stored user agent, as the list names it; the condition runs in the database
            // over the active sessions the count already reads, so no column or migration is needed.
            active = active.Where(BrowserFamilies.Matches(query.Browser));
        }

        var matching = await active.Take(SessionPage.CountLimit + 1).CountAsync(cancellationToken);

        // One extra row tells whether there is a next page, also where the count stopped short of the end.
        var sessions = await Sorted(active, query.Sort)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize + 1)
            .Select(s => new SessionSummary(s.Reference, s.Username, s.CreatedAt, s.LastSeenAt, s.IdleExpiresAt,
                s.AbsoluteExpiresAt, s.ClientIp, s.UserAgent))
            .ToListAsync(cancellationToken);
        var hasNext = sessions.Count > query.PageSize;
        return new SessionPage(hasNext ? sessions[..query.PageSize] : sessions, query.Page, query.PageSize, matching, hasNext);
    }

    // The reference breaks ties, so every order is total and Previous / Next show each session exactly once.
    private static IQueryable<PortalSession> Sorted(IQueryable<PortalSession> sessions, SessionSort sort) => sort switch
    {
        SessionSort.StartedDescending => sessions.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Reference),
        SessionSort.StartedAscending => sessions.OrderBy(s => s.CreatedAt).ThenBy(s => s.Reference),
        SessionSort.Username => sessions.OrderBy(s => s.Username).ThenByDescending(s => s.LastSeenAt).ThenBy(s => s.Reference),
        SessionSort.UsernameDescending => sessions.OrderByDescending(s => s.Username).ThenByDescending(s => s.LastSeenAt).ThenBy(s => s.Reference),
        SessionSort.LastSeenAscending => sessions.OrderBy(s => s.LastSeenAt).ThenBy(s => s.Reference),
        SessionSort.AddressAscending => sessions.OrderBy(s => s.ClientIp).ThenByDescending(s => s.LastSeenAt).ThenBy(s => s.Reference),
        SessionSort.AddressDescending => sessions.OrderByDescending(s => s.ClientIp).ThenByDescending(s => s.LastSeenAt).ThenBy(s => s.Reference),
        _ => sessions.OrderByDescending(s => s.LastSeenAt).ThenBy(s => s.Reference),
    };
}
