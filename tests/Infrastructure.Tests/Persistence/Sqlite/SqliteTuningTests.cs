using System.Runtime.InteropServices;
using CasPortal.Domain.Audit;
using CasPortal.Infrastructure.Persistence;
using CasPortal.Infrastructure.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CasPortal.Infrastructure.Tests.Persistence.Sqlite;

/// <summary>What <see cref="SqliteTuning.AddSqliteTuning"/> adds to the SQLite provider, on a real SQLite file.</summary>
public sealed class SqliteTuningTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 11, 27, 9, 0, 0, DateTimeKind.Utc);
    private readonly SqliteTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_SQLite_provider_gets_the_tuning_and_PostgreSQL_none_of_it()
    {
        Assert.Equal([typeof(SqliteCheckpointService), typeof(NativeHeapTrimService)], TuningServices(provider: null));
        Assert.Empty(TuningServices(provider: "Postgres"));
    }

    [Fact]
    public async Task Every_connection_waits_for_a_busy_writer_leaves_checkpoints_to_the_background_and_keeps_a_small_cache()
    {
        await using var services = TunedServices();
        for (var open = 0; open < 2; open++)
        {
            // The second open takes the first one's pooled connection back.
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await db.Database.OpenConnectionAsync();
            Assert.Equal(5000L, await PragmaAsync(db, "busy_timeout"));
            Assert.Equal((long)SqliteConnectionSetup.AutoCheckpointPages, await PragmaAsync(db, "wal_autocheckpoint"));
            Assert.Equal(-512L, await PragmaAsync(db, "cache_size"));
        }
    }

    [Fact]
    public async Task The_background_checkpoint_copies_every_committed_write_back_into_the_database_file()
    {
        await using var services = TunedServices();
        await using (var db = await MigratedAsync())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            for (var i = 0; i < 20; i++)
            {
                db.AuditEvents.Add(new AuditEvent(Now, AuditEventType.LoginStarted, detail: $"event {i}"));
                await db.SaveChangesAsync();
            }
        }

        var checkpoint = new SqliteCheckpointService(
            services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System, NullLogger<SqliteCheckpointService>.Instance);
        var copied = await checkpoint.CheckpointAsync(CancellationToken.None);

        Assert.True(copied >= 20, $"only {copied} log frames were copied back after 20 commits");
    }

    [Fact]
    public async Task Writers_to_one_sqlite_file_queue_without_blocking_a_thread_and_all_land()
    {
        await (await MigratedAsync()).DisposeAsync();
        var firstIsWriting = new TaskCompletionSource();
        var finishFirst = new TaskCompletionSource();
        var paused = new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(_folder.ConnectionString);
        paused.UseSqliteTuning(); // the gate first, then the pause: the first writer pauses holding the gate
        paused.AddInterceptors(new PauseBeforeWriting(firstIsWriting, finishFirst));
        await using var first = new PortalDbContext(paused.Options);
        await using var second = TunedContext();
        first.AuditEvents.Add(new AuditEvent(Now, AuditEventType.LoginStarted, detail: "first"));
        second.AuditEvents.Add(new AuditEvent(Now, AuditEventType.LoginStarted, detail: "second"));

        var firstSave = first.SaveChangesAsync();
        await firstIsWriting.Task;
        var secondSave = second.SaveChangesAsync();

        Assert.False(secondSave.IsCompleted, "the second writer went ahead while the first one held the write lock");
        finishFirst.SetResult();
        await Task.WhenAll(firstSave, secondSave);
        await using var read = TunedContext();
        Assert.Equal(["first", "second"], await read.AuditEvents.OrderBy(e => e.Id).Select(e => e.Detail).ToListAsync());
    }

    [Fact]
    public async Task On_a_write_ahead_log_commits_leave_the_flush_to_group_commit_and_every_save_waits_for_a_flush()
    {
        await (await MigratedAsync()).DisposeAsync(); // EF Core creates SQLite files in WAL mode

        await using var tuned = TunedContext();
        await tuned.Database.OpenConnectionAsync();
        Assert.Equal(1L, await PragmaAsync(tuned, "synchronous")); // NORMAL
        var log = SqliteGroupCommit.LogOf(_folder.ConnectionString)!;
        var before = log.Flushes;

        tuned.AuditEvents.Add(new AuditEvent(Now, AuditEventType.LoginStarted, detail: "on disk when the save returns"));
        await tuned.SaveChangesAsync();

        Assert.True(log.Flushes > before, "the save returned before any flush of the log");
    }

    [Fact]
    public async Task A_database_outside_write_ahead_log_mode_keeps_a_flush_in_every_commit()
    {
        await using (var db = await MigratedAsync())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=DELETE;"); // EF Core creates SQLite files in WAL mode
        }

        await using var tuned = TunedContext();
        await tuned.Database.OpenConnectionAsync();

        Assert.Equal(2L, await PragmaAsync(tuned, "synchronous")); // FULL: NORMAL could corrupt a rollback journal
        Assert.Null(SqliteGroupCommit.LogOf(_folder.ConnectionString));
    }

    [Fact]
    public async Task A_save_that_fails_lets_the_next_writer_through()
    {
        await (await MigratedAsync()).DisposeAsync();
        await using (var conflicting = TunedContext())
        {
            // An update of a row that someone else deleted: EF Core reports a concurrency conflict.
            var gone = new AuditEvent(Now, AuditEventType.LoginStarted, detail: "deleted meanwhile");
            conflicting.AuditEvents.Add(gone);
            await conflicting.SaveChangesAsync();
            await conflicting.Database.ExecuteSqlRawAsync("DELETE FROM AuditEvents");
            conflicting.Entry(gone).Property(e => e.Detail).IsModified = true;
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => conflicting.SaveChangesAsync());

            conflicting.ChangeTracker.Clear();
            conflicting.AuditEvents.Add(new AuditEvent(Now, AuditEventType.LoginStarted, detail: "after the conflict"));
            await conflicting.SaveChangesAsync().WaitAsync(TimeSpan.FromSeconds(30)); // a lock kept by the failed save would hang here
        }

        await using var next = TunedContext();
        next.AuditEvents.Add(new AuditEvent(Now, AuditEventType.LoginStarted, detail: "next writer"));
        await next.SaveChangesAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, await next.AuditEvents.CountAsync());
    }

    [Fact]
    public void Native_memory_freed_inside_glibcs_heap_goes_back_to_the_system()
    {
        // Small blocks come from a heap rather than their own mappings. The last block stays allocated so that the
        // freed ones are not at the heap's top, which free() itself would already hand back.
        var blocks = new nint[20_001];
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(1024);
        }

        try
        {
            for (var i = 0; i < blocks.Length - 1; i++)
            {
                Marshal.FreeHGlobal(blocks[i]);
            }

            Assert.True(NativeHeapTrimService.TrimNativeHeap());
        }
        finally
        {
            Marshal.FreeHGlobal(blocks[^1]);
        }
    }

    private static List<Type?> TuningServices(string? provider)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = "Data Source=:memory:",
            ["Database:Provider"] = provider,
        }).Build();
        var services = new ServiceCollection().AddInfrastructure(configuration, Path.GetTempPath());
        return services.Select(s => s.ImplementationType)
            .Where(type => type?.Namespace == typeof(SqliteTuning).Namespace)
            .ToList();
    }

    private ServiceProvider TunedServices() =>
        new ServiceCollection()
            .AddDbContextPool<PortalDbContext>(options => options.UseSqlite(_folder.ConnectionString))
            .AddSqliteTuning(() => _folder.ConnectionString)
            .BuildServiceProvider();

    private PortalDbContext TunedContext()
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(_folder.ConnectionString);
        options.UseSqliteTuning();
        return new PortalDbContext(options.Options);
    }

    private async Task<PortalDbContext> MigratedAsync()
    {
        var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(_folder.ConnectionString).Options);
        await db.Database.MigrateAsync();
        return db;
    }

    private static async Task<object?> PragmaAsync(PortalDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return await command.ExecuteScalarAsync();
    }

    private sealed class PauseBeforeWriting(TaskCompletionSource writing, TaskCompletionSource resume) : SaveChangesInterceptor
    {
        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            writing.SetResult();
            await resume.Task;
            return result;
        }
    }
}
