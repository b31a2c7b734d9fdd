using CasPortal.Application.Common.Models;

namespace CasPortal.Application.Common.Interfaces;

/// <summary>
/// The read every signed-in request makes: one session row by the hash of its id, untracked, as committed at that
/// moment. Apart from <see cref="IPortalDbContext"/> so that a request which only checks its session rents no EF Core
/// context; each database provider reads the row its own cheapest way (docs/PERFORMANCE.md).
/// </summary>
public interface ISessionCheckReader
{
    Task<SessionCheckRow?> ReadAsync(string sessionIdHash, CancellationToken cancellationToken);
}
