using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace CasPortal.Infrastructure.Persistence;

/// <summary>
/// Lets SQLite itself wait for a busy write lock (in short steps) instead of Microsoft.Data.Sqlite's fixed 150 ms
/// retry sleep, which showed up as 150 ms-plus tails on concurrent sign-ins (docs/PERFORMANCE.md). Set with the
/// native call on every open: a PRAGMA statement there cost a twentieth of each request's session check.
/// </summary>
internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public static readonly SqliteBusyTimeout Instance = new();

    private const int Milliseconds = 5000;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Set(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Set(connection);
        return Task.CompletedTask;
    }

    private static void Set(DbConnection connection)
    {
        var result = raw.sqlite3_busy_timeout(((SqliteConnection)connection).Handle, Milliseconds);
        SqliteException.ThrowExceptionForRC(result, ((SqliteConnection)connection).Handle);
    }
}
