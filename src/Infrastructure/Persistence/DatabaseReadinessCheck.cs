using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CasPortal.Infrastructure.Persistence;

/// <summary>
/// Ready means the database answers and every migration this node knows of is applied. The description is what
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
            return pending == 0
                ? HealthCheckResult.Healthy("database ready")
                : HealthCheckResult.Unhealthy($"{pending} database migration(s) pending");
        }
        catch (Exception failure) when (failure is DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("database unreachable");
        }
    }
}
