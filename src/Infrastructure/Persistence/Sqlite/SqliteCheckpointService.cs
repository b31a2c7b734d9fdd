using Microsoft.Extensions.Hosting;

namespace CasPortal.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Copies the SQLite write-ahead log back into the database file once a second, off the request path, so that no
/// request's commit pays for it (see <see cref="SqliteConnectionSetup"/>). PASSIVE: it never waits for, or blocks,
/// readers and writers; whatever it cannot copy now, it copies at the next tick.
/// </summary>
internal sealed class SqliteCheckpointService(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<SqliteCheckpointService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckpointAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                SqliteCheckpointLog.Failed(logger, ex);
            }
        }
    }

    /// <summary>One passive checkpoint; returns how many log frames are now in the database file.</summary>
    public async Task<long> CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            // One row: busy flag, frames in the log, frames checkpointed (-1, -1 outside WAL mode).
            return await reader.ReadAsync(cancellationToken) ? reader.GetInt64(2) : 0;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

internal static partial class SqliteCheckpointLog
{
    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning,
        Message = "Background SQLite checkpoint failed; commits checkpoint themselves past the safety limit until it succeeds again")]
    public static partial void Failed(ILogger logger, Exception exception);
}
