using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace CasPortal.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Set on every SQLite connection the portal opens, by native calls where SQLite has them rather than a PRAGMA per open:
/// <list type="bullet">
/// <item>SQLite itself waits for a busy write lock, in short steps, instead of Microsoft.Data.Sqlite's long fixed retry
/// sleep.</item>
/// <item>A commit checkpoints the write-ahead log only far past what <see cref="SqliteCheckpointService"/> leaves, so
/// no request's commit pays for a checkpoint.</item>
/// <item>Once per physical connection (they are pooled): a small page cache, since the operating system caches the
/// file anyway and every connection keeps its own.</item>
/// <item>Once per physical connection: commits that leave the flush to <see cref="SqliteGroupCommit"/>.</item>
/// <item>No SQL functions of EF Core's (see <see cref="ConnectionCreating"/>).</item>
/// </list>
/// A connection that SQLite could only open read-only is not kept in the pool. Why and how much: docs/PERFORMANCE.md.
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    public static readonly SqliteConnectionSetup Instance = new();

    public const int BusyTimeoutMilliseconds = 5000;

    /// <summary>A safety net should the background checkpoint stall, never reached while it runs.</summary>
    public const int AutoCheckpointPages = 10_000;

    private const string CachePragma = "PRAGMA cache_size=-512;";

    /// <summary>Physical connections already given their once-per-connection settings (page cache, group commit).</summary>
    private readonly ConditionalWeakTable<sqlite3, object> _cacheSet = new();

    /// <summary>
    /// A plain connection instead of EF Core's, which registers its SQL functions (decimal arithmetic, REGEXP) anew at
    /// every open and leaves a finalizable handle per function behind each time. No query of the portal uses them.
    /// </summary>
    public override InterceptionResult<DbConnection> ConnectionCreating(
        ConnectionCreatingEventData eventData, InterceptionResult<DbConnection> result) =>
        InterceptionResult<DbConnection>.SuppressWithResult(new SqliteConnection(eventData.ConnectionString));

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Configure((SqliteConnection)connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Configure((SqliteConnection)connection);
        return Task.CompletedTask;
    }

    private void Configure(SqliteConnection connection)
    {
        // A file that could not be opened for writing (read-only at that moment) gives a read-only connection, and
        // the pool would hand it out for good. Dropping the pool's connections makes the next open try again, so the
        // node recovers by itself as soon as the file is writable.
        if (raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
        {
            SqliteConnection.ClearPool(connection);
        }

        SqliteException.ThrowExceptionForRC(raw.sqlite3_busy_timeout(connection.Handle, BusyTimeoutMilliseconds), connection.Handle);
        SqliteException.ThrowExceptionForRC(raw.sqlite3_wal_autocheckpoint(connection.Handle, AutoCheckpointPages), connection.Handle);
        if (_cacheSet.TryAdd(connection.Handle!, this))
        {
            using var command = connection.CreateCommand();
            command.CommandText = CachePragma;
            command.ExecuteNonQuery();
            SqliteGroupCommit.Enlist(connection);
        }
    }
}
