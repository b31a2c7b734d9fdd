using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CasPortal.Infrastructure.Persistence;

/// <summary>
/// Ready means the database answers, accepts writes (a sign-in must be able to record its session) and every
/// migration this node knows of is applied. The description is what
/// /readyz shows a load balancer: short, and never an exception message (it could name a host or a user).
/// </summary>
internal sealed class DatabaseReadinessCheck(PortalDbContext db) : IHealthCheck
{
    public const string Name = "database";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("database unreachable");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            if (pending > 0)
            {
                return HealthCheckResult.Unhealthy($"{pending} database migration(s) pending");
            }

            return await AcceptsWritesAsync(cancellationToken)
                ? HealthCheckResult.Healthy("database ready")
                : HealthCheckResult.Unhealthy("database refuses writes");
        }
        catch (Exception failure) when (failure is DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("database unreachable");
        }
    }

    /// <summary>
    /// A write that changes nothing, rolled back: both SQLite (a read-only file) and PostgreSQL (a read-only
    /// transaction, a standby) refuse the statement itself, before looking for rows.
    /// </summary>
    private async Task<bool> AcceptsWritesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync(
                """UPDATE "__EFMigrationsHistory" SET "ProductVersion" = "ProductVersion" WHERE 1 = 0""", cancellationToken);
            await transaction.RollbackAsync(cancellationToken);
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }
}
