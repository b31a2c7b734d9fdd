using CasPortal.Infrastructure.Persistence.Sqlite;

namespace CasPortal.Infrastructure.Tests.Persistence.Sqlite;

/// <summary>The flush schedule of group commit (<see cref="LogFlusher"/>), with a flush the test paces.</summary>
public sealed class LogFlusherTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Saves_that_commit_while_a_flush_runs_wait_for_the_next_one_and_share_it()
    {
        using var started = new SemaphoreSlim(0);
        using var finish = new SemaphoreSlim(0);
        var flusher = new LogFlusher(() =>
        {
            started.Release();
            finish.Wait(Patience);
        });

        // The first request leads: it flushes on its own thread.
        var first = Task.Run(flusher.FlushAsync);
        Assert.True(await started.WaitAsync(Patience), "the first flush never started");
        // Committed while the first flush runs: that flush may have missed their writes.
        var second = flusher.FlushAsync();
        var third = flusher.FlushAsync();

        finish.Release();
        await first.WaitAsync(Patience);
        Assert.True(await started.WaitAsync(Patience), "no flush started for the saves that came later");
        Assert.False(second.IsCompleted || third.IsCompleted, "a save was answered by a flush that began before it committed");

        finish.Release();
        await Task.WhenAll(second, third).WaitAsync(Patience);
        Assert.Equal(2, flusher.Flushes);
    }

    [Fact]
    public async Task A_failed_flush_fails_the_save_that_led_it_and_the_next_save_gets_a_flush_of_its_own()
    {
        var calls = 0;
        var flusher = new LogFlusher(() =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new IOException("disk full");
            }
        });

        var failed = await Assert.ThrowsAsync<IOException>(() => flusher.FlushAsync().WaitAsync(Patience));
        Assert.Equal("disk full", failed.Message);

        await flusher.FlushAsync().WaitAsync(Patience);
        Assert.Equal(1, flusher.Flushes);
    }

    [Fact]
    public async Task Saves_waiting_on_a_flush_that_failed_get_a_new_flush_rather_than_a_false_answer()
    {
        using var started = new SemaphoreSlim(0);
        using var finish = new SemaphoreSlim(0);
        var calls = 0;
        var flusher = new LogFlusher(() =>
        {
            started.Release();
            finish.Wait(Patience);
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new IOException("I/O error");
            }
        });

        var leader = Task.Run(flusher.FlushAsync);
        Assert.True(await started.WaitAsync(Patience), "the first flush never started");
        var waiting = flusher.FlushAsync();

        finish.Release();
        await Assert.ThrowsAsync<IOException>(() => leader.WaitAsync(Patience));
        Assert.True(await started.WaitAsync(Patience), "nobody flushed again for the save that was waiting");
        Assert.False(waiting.IsCompleted, "the waiting save was answered without a flush");

        finish.Release();
        await waiting.WaitAsync(Patience);
        Assert.Equal(1, flusher.Flushes);
    }

    [Fact]
    public async Task Flushing_a_log_that_is_gone_succeeds_since_sqlite_removes_it_only_once_it_is_in_the_database()
    {
        var flusher = new LogFlusher(Path.Combine(Path.GetTempPath(), $"casportal-no-such-{Guid.NewGuid():N}.db-wal"));

        await flusher.FlushAsync().WaitAsync(Patience);

        Assert.Equal(1, flusher.Flushes);
    }
}
