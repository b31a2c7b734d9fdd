using CasPortal.Infrastructure.BackgroundJobs;
using CasPortal.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Infrastructure.Tests.Persistence;

/// <summary>Background jobs on several nodes sharing PostgreSQL: one node at a time holds each job's lock.</summary>
public sealed class JobLockTests
{
    [Fact]
    public async Task While_one_node_runs_a_job_another_node_skips_it_and_takes_the_lock_afterwards()
    {
        await using var nodeA = Context();
        await using var nodeB = Context();

        var first = await JobLock.TryAcquireAsync(nodeA, "CloseExpiredSessionsCommand", default);
        Assert.NotNull(first);
        Assert.Null(await JobLock.TryAcquireAsync(nodeB, "CloseExpiredSessionsCommand", default));
        await using (var otherJob = await JobLock.TryAcquireAsync(nodeB, "PurgeAuditLogCommand", default))
        {
            Assert.NotNull(otherJob);
        }

        await first.DisposeAsync();
        await using var second = await JobLock.TryAcquireAsync(nodeB, "CloseExpiredSessionsCommand", default);
        Assert.NotNull(second);
    }

    [Fact]
    public async Task On_SQLite_every_run_gets_the_lock()
    {
        await using var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite("Data Source=:memory:").Options);

        await using var first = await JobLock.TryAcquireAsync(db, "PurgeAuditLogCommand", default);
        await using var second = await JobLock.TryAcquireAsync(db, "PurgeAuditLogCommand", default);

        Assert.NotNull(first);
        Assert.NotNull(second);
    }

    // Advisory locks need no tables: the server's maintenance database will do.
    private static PostgresPortalDbContext Context() =>
        new(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(PostgresTestDatabase.ServerConnectionString).Options);
}
