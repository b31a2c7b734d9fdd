using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace CasPortal.Infrastructure.Persistence;

/// <summary>
/// Set on every SQLite connection the portal opens, with native calls (a PRAGMA statement per open cost a twentieth
/// of each request's session check):
/// <list type="bullet">
/// <item>SQLite itself waits for a busy write lock (in short steps) instead of Microsoft.Data.Sqlite's fixed 150 ms
/// retry sleep, which showed up as 150 ms-plus tails on concurrent sign-ins.</item>
/// <item>A commit checkpoints the write-ahead log only when it has grown far past what
/// <see cref="SqliteCheckpointService"/> leaves: the checkpoint SQLite runs inside a commit every 1,000 pages was the
/// slowest one percent of single-logout requests.</item>
/// </list>
/// Figures in docs/PERFORMANCE.md.
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    public static readonly SqliteConnectionSetup Instance = new();

    private const int BusyTimeoutMilliseconds = 5000;

    /// <summary>40 MB of log: a safety net should the background checkpoint stall, never reached while it runs.</summary>
    public const int AutoCheckpointPages = 10_000;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Configure((SqliteConnection)connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Configure((SqliteConnection)connection);
        return Task.CompletedTask;
    }

    private static void Configure(SqliteConnection connection)
    {
        SqliteException.ThrowExceptionForRC(raw.sqlite3_busy_timeout(connection.Handle, BusyTimeoutMilliseconds), connection.Handle);
        SqliteException.ThrowExceptionForRC(raw.sqlite3_wal_autocheckpoint(connection.Handle, AutoCheckpointPages), connection.Handle);
    }
}
