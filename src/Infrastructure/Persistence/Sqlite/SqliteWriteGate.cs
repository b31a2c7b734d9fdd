using System.Collections.Concurrent;

namespace CasPortal.Infrastructure.Persistence;

/// <summary>One queue of writers per SQLite database in this process (see <see cref="PortalDbContext.SaveChangesAsync(bool, CancellationToken)"/>).</summary>
internal static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    public static SemaphoreSlim For(string connectionString) => Gates.GetOrAdd(connectionString, _ => new SemaphoreSlim(1, 1));
}
