using CasPortal.Application.Common.Models;
using CasPortal.Application.Sessions;

namespace CasPortal.Application.Common.Interfaces;

/// <summary>
/// The reads of what a signed-in user opens most, untracked and as committed at that moment: the session check every
/// request makes, and the user's own sessions on the profile page, alone or with the check. Apart from
/// <see cref="IPortalDbContext"/> so that these requests rent no EF Core context; each database provider reads them its
/// own cheapest way (docs/PERFORMANCE.md). An answer may come from an earlier read only where the implementation knows
/// that nothing has been committed to those rows since, by any process (SQLite's does).
/// </summary>
public interface ISignedInReads
{
    /// <summary>One session row, by the hash of its id, for the per-request check.</summary>
    Task<SessionCheckRow?> ReadForCheckAsync(string sessionIdHash, CancellationToken cancellationToken);

    /// <summary>
    /// A user's sessions still live at <paramref name="now"/>, most recently seen first, at most <paramref name="limit"/>.
    /// </summary>
    Task<List<SessionSummary>> ListLiveSessionsOfAsync(string username, DateTime now, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Both of the above in one statement, for the page that shows the user's own sessions: the row by the hash of its
    /// id, and its user's sessions live at <paramref name="now"/>, at most <paramref name="limit"/>.
    /// </summary>
    Task<SessionCheckWithOwnSessions> ReadForCheckWithOwnSessionsAsync(string sessionIdHash, DateTime now, int limit, CancellationToken cancellationToken);
}
