using Microsoft.Extensions.Hosting;

namespace CasPortal.Infrastructure.Persistence;

/// <summary>
/// Applies pending migrations before the server takes its first request, so a fresh machine needs no separate
/// database step (unless Database:MigrateAtStartup is off). Several nodes may start at once: EF Core takes a lock on
/// the database while it migrates (on PostgreSQL, LOCK TABLE on the migrations history inside the migration's
/// transaction), so one node applies each migration and the others find it applied.
/// </summary>
internal sealed class DatabaseMigrator(
    IServiceScopeFactory scopes,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseMigrator> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateAtStartup)
        {
            await MigrateAsync(scopes, logger, cancellationToken);
        }
        else
        {
            DatabaseLog.NotMigrating(logger);
        }
    }

    /// <summary>Brings the schema up to date; what start-up and the <c>migrate</c> command both run.</summary>
    public static async Task MigrateAsync(IServiceScopeFactory scopes, ILogger logger, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await MigrateAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), logger, cancellationToken);
    }

    /// <summary>
    /// EF Core takes its PostgreSQL migration lock inside each migration's transaction, after it has read which
    /// migrations are pending; two nodes upgrading across two or more migrations at once could both apply the later
    /// one ("column does not exist"). A session-level advisory lock held around the whole upgrade lets one node at a
    /// time read and apply; the next finds nothing pending.
    /// </summary>
    internal static async Task MigrateAsync(PortalDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        var serialised = db.Database.IsNpgsql();
        if (serialised)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
        }

        try
        {
            await ApplyPendingAsync(db, logger, cancellationToken);
        }
        finally
        {
            if (serialised)
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>Any fixed number, the same on every node; only CasPortal's migrations take it.</summary>
    private const long MigrationLockKey = 4_207_391_157;

    private static async Task ApplyPendingAsync(PortalDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            // Only then: MigrateAsync also builds the migrations' model snapshot to compare with the current model,
            // which on an up-to-date database only cost start-up time and memory.
            await db.Database.MigrateAsync(cancellationToken);
        }

        DatabaseLog.Migrated(logger, db.Database.ProviderName ?? "?", pending.Count);
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets readers work beside the single writer; the setting stays in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static partial class DatabaseLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information,
        Message = "Database schema on {Provider} is up to date ({Count} migrations were pending when this node began)")]
    public static partial void Migrated(ILogger logger, string provider, int count);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Database:MigrateAtStartup is off: not migrating; /readyz answers 503 while migrations are pending")]
    public static partial void NotMigrating(ILogger logger);
}
