using CasPortal.Domain.Sessions;
using CasPortal.Infrastructure.Persistence;
using CasPortal.Infrastructure.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Infrastructure.Tests.Persistence.Sqlite;

/// <summary>The count of session changes that lets the signed-in reads keep a row, and the saves that keep it.</summary>
public sealed class SessionChangeCountersTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);
    private readonly SqliteTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_save_counted_in_one_process_moves_the_stamp_every_other_process_reads_and_none_is_given_while_it_runs()
    {
        var writer = new SessionChangeCounters(_folder.DatabasePath);
        var reader = new SessionChangeCounters(_folder.DatabasePath);
        var before = reader.Stamp(7);

        writer.Begin(7);
        Assert.Equal(-1, reader.Stamp(7));
        Assert.Equal(before, reader.Stamp(8));
        writer.Finish(7);

        Assert.Equal(before + 1, reader.Stamp(7));
    }

    [Fact]
    public void A_save_left_unfinished_by_a_process_that_died_is_settled_by_the_next_process_to_open_the_file_alone()
    {
        // Bucket 3: five saves begun, four finished, and no process has the file open.
        var counts = new long[SessionChangeCounters.Length / sizeof(long)];
        (counts[6], counts[7]) = (5, 4);
        File.WriteAllBytes(_folder.DatabasePath + SessionChangeCounters.FileSuffix, System.Runtime.InteropServices.MemoryMarshal.AsBytes(counts.AsSpan()).ToArray());

        Assert.Equal(5, new SessionChangeCounters(_folder.DatabasePath).Stamp(3));
    }

    [Fact]
    public void A_save_under_way_in_a_running_process_is_not_settled_by_a_process_that_starts_meanwhile()
    {
        var running = new SessionChangeCounters(_folder.DatabasePath);
        running.Begin(3);

        Assert.Equal(-1, new SessionChangeCounters(_folder.DatabasePath).Stamp(3));
        running.Finish(3);
    }

    [Fact]
    public void Every_process_puts_a_session_in_the_same_bucket_and_sessions_spread_over_all_of_them()
    {
        var hash = PortalSession.HashOfId("the same session");
        Assert.Equal(SessionChangeCounters.BucketOf(hash), SessionChangeCounters.BucketOf(new string(hash.ToCharArray())));

        var buckets = Enumerable.Range(0, 20_000).Select(_ => SessionChangeCounters.BucketOf(PortalSession.HashOfId(PortalSession.NewId()))).ToList();
        Assert.All(buckets, bucket => Assert.InRange(bucket, 0, SessionChangeCounters.Buckets - 1));
        Assert.True(buckets.Distinct().Count() > 15_000, "20,000 sessions should fall in nearly as many of the 65,536 buckets");
    }

    [Fact]
    public async Task Ending_a_session_moves_its_bucket_and_a_failed_save_leaves_no_save_under_way()
    {
        var id = await SeedAsync();
        var counters = SessionChangeCounters.Of(_folder.ConnectionString);
        var bucket = SessionChangeCounters.BucketOf(PortalSession.HashOfId(id));
        var before = counters.Stamp(bucket);

        await using (var db = NewContext())
        {
            (await db.Sessions.SingleAsync()).End(Now, SessionEndReason.Logout);
            await db.SaveChangesAsync();
        }

        var afterEnd = counters.Stamp(bucket);
        Assert.True(afterEnd > before, $"the bucket's count stayed at {before} (or a save is still under way: {afterEnd})");

        await using (var db = NewContext())
        {
            var session = await db.Sessions.SingleAsync();
            db.Entry(session).Property(s => s.Reference).CurrentValue = null!;
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        Assert.True(counters.Stamp(bucket) > afterEnd, $"after the failed save the bucket's count is {counters.Stamp(bucket)}, not past {afterEnd}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_session_change_inside_the_callers_transaction_stays_under_way_until_the_transaction_ends(bool commit)
    {
        var id = await SeedAsync();
        var counters = SessionChangeCounters.Of(_folder.ConnectionString);
        var bucket = SessionChangeCounters.BucketOf(PortalSession.HashOfId(id));
        var before = counters.Stamp(bucket);
        await using var db = NewContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        (await db.Sessions.SingleAsync()).End(Now, SessionEndReason.Logout);

        await db.SaveChangesAsync();
        Assert.Equal(-1, counters.Stamp(bucket));
        await (commit ? transaction.CommitAsync() : transaction.RollbackAsync());

        Assert.True(counters.Stamp(bucket) > before, $"the bucket's count is {counters.Stamp(bucket)} after the transaction, not past {before}");
    }

    [Fact]
    public async Task A_counts_file_the_portal_cannot_create_stops_the_start_with_a_message_that_names_it()
    {
        // A database "inside" a plain file: nothing can be created beside it.
        var notAFolder = Path.Combine(_folder.Path, "not-a-folder");
        await File.WriteAllTextAsync(notAFolder, "");
        var startup = new SessionChangeCountersStartup(() => $"Data Source={Path.Combine(notAFolder, "portal.db")}");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => startup.StartAsync(CancellationToken.None));

        Assert.Contains(SessionChangeCounters.FileSuffix, refused.Message);
        Assert.Contains("database's folder", refused.Message);
    }

    private async Task<string> SeedAsync()
    {
        await using var db = NewContext();
        await db.Database.MigrateAsync();
        var id = PortalSession.NewId();
        db.Sessions.Add(new PortalSession(id, "alice", "ticket-hash", new Dictionary<string, IReadOnlyList<string>>(), Now.AddMinutes(-1),
            TimeSpan.FromMinutes(30), TimeSpan.FromHours(8), "192.0.2.7", "Firefox"));
        await db.SaveChangesAsync();
        return id;
    }

    private PortalDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(_folder.ConnectionString);
        options.UseSqliteTuning();
        return new PortalDbContext(options.Options).Audited(TimeProvider.System);
    }
}
