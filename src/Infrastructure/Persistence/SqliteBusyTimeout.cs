using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CasPortal.Infrastructure.Persistence;

/// <summary>
/// Lets SQLite itself wait for a busy write lock (in short steps) instead of Microsoft.Data.Sqlite's fixed 150 ms
/// retry sleep, which showed up as 150 ms-plus tails on concurrent sign-ins (docs/PERFORMANCE.md).
/// </summary>
internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public static readonly SqliteBusyTimeout Instance = new();

    private const string Pragma = "PRAGMA busy_timeout=5000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
