using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace CasPortal.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Group commit. A save is on disk when it returns, as with SQLite's <c>synchronous=FULL</c>, but the saves that
/// commit while the disk is busy share one flush instead of paying for one each, and no flush runs while the write
/// gate is held. The portal's connections to a file in write-ahead-log mode commit with <c>synchronous=NORMAL</c>:
/// SQLite appends the commit to the log and leaves the flush to the operating system. Each committed save then waits
/// here for an fsync of the log that began after its commit. Why and how much: docs/PERFORMANCE.md.
/// </summary>
/// <remarks>
/// Writes outside SaveChanges (the background clean-ups' bulk deletes) are on disk at the next save's flush or the
/// next background checkpoint, which flushes the log first; a power cut before that can only undo a clean-up.
/// A database not in write-ahead-log mode keeps <c>synchronous=FULL</c>: there, NORMAL could corrupt the file.
/// </remarks>
internal sealed class SqliteGroupCommit : SaveChangesInterceptor
{
    public static readonly SqliteGroupCommit Instance = new();

    /// <summary>The write-ahead log of each database file, by the connection string the portal opens it with.</summary>
    private static readonly ConcurrentDictionary<string, LogFlusher> Logs = new(StringComparer.Ordinal);

    /// <summary>
    /// Called once per new physical connection: in write-ahead-log mode on a file, commit without waiting for the
    /// disk, since every save waits here instead.
    /// </summary>
    public static void Enlist(SqliteConnection connection)
    {
        var file = raw.sqlite3_db_filename(connection.Handle, "main").utf8_to_string();
        if (string.IsNullOrEmpty(file) || !InWriteAheadLogMode(connection))
        {
            return;
        }

        // The flusher exists before the first commit this connection makes without waiting for the disk.
        Logs.GetOrAdd(connection.ConnectionString, _ => new LogFlusher(file + "-wal"));
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
    }

    /// <summary>The flusher of the file a connection string opens, once a connection to it has enlisted.</summary>
    internal static LogFlusher? LogOf(string connectionString) => Logs.GetValueOrDefault(connectionString);

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        SavedBy(eventData.Context)?.FlushAsync().GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        // Not cancellable: the commit is made, and the caller must not hear of it before it is on disk.
        if (SavedBy(eventData.Context) is { } log)
        {
            await log.FlushAsync();
        }

        return result;
    }

    /// <summary>
    /// The log a finished save committed to. A save inside the caller's own transaction commits later, with that
    /// transaction; the portal opens one only to roll it back (the readiness check).
    /// </summary>
    private static LogFlusher? SavedBy(DbContext? context) =>
        context is null || context.Database.CurrentTransaction is not null
            ? null
            : LogOf(context.Database.GetDbConnection().ConnectionString);

    private static bool InWriteAheadLogMode(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        return string.Equals(command.ExecuteScalar() as string, "wal", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>
/// Flushes one file to disk for everyone who asks, answering each request with the first flush that starts after it.
/// The first to ask while no flush runs leads: it flushes on its own thread, as SQLite's own commit would have. Those
/// who ask meanwhile wait for it to end; then one of them leads the next flush, for all of them together.
/// </summary>
internal sealed class LogFlusher
{
    private readonly Action _flush;
    private readonly Lock _lock = new();

    /// <summary>Requests so far; each request is numbered.</summary>
    private long _requested;

    /// <summary>Every request up to this number is on disk.</summary>
    private long _flushedUpTo;

    /// <summary>Ends when the running flush ends; null while none runs.</summary>
    private TaskCompletionSource? _running;

    private long _flushes;

    /// <param name="path">The file to fsync; a missing file has nothing left to flush.</param>
    public LogFlusher(string path)
        : this(() => Fsync(path))
    {
    }

    /// <param name="flush">What one flush does (tests count and pace it).</param>
    internal LogFlusher(Action flush) => _flush = flush;

    /// <summary>How many flushes have run.</summary>
    public long Flushes => Interlocked.Read(ref _flushes);

    /// <summary>Completes once a flush that started after this call has finished; throws if the flush it led failed.</summary>
    public async Task FlushAsync()
    {
        long request;
        lock (_lock)
        {
            request = ++_requested;
        }

        while (true)
        {
            TaskCompletionSource? led = null;
            Task? runningFlush = null;
            long covered = 0;
            lock (_lock)
            {
                if (_flushedUpTo >= request)
                {
                    return;
                }

                if (_running is not null)
                {
                    runningFlush = _running.Task;
                }
                else
                {
                    // Every request numbered so far committed before this flush starts, so it covers them all.
                    led = _running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    covered = _requested;
                }
            }

            if (led is null)
            {
                await runningFlush!;
                continue;
            }

            Lead(led, covered);
            return;
        }
    }

    private void Lead(TaskCompletionSource led, long covered)
    {
        try
        {
            _flush();
            Interlocked.Increment(ref _flushes);
            lock (_lock)
            {
                _flushedUpTo = Math.Max(_flushedUpTo, covered);
            }
        }
        finally
        {
            // Those waiting see whether it covered them; after a failure, one of them leads a new attempt.
            lock (_lock)
            {
                _running = null;
            }

            led.SetResult();
        }
    }

    /// <summary>
    /// An fsync of the file through a descriptor of our own; fsync flushes the file, whichever descriptor wrote it.
    /// Closing it releases no SQLite lock: SQLite locks the database and its shared-memory file, never the log.
    /// </summary>
    private static void Fsync(string path)
    {
        try
        {
            using var log = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            log.Flush(flushToDisk: true);
        }
        catch (FileNotFoundException)
        {
            // No log: SQLite removes it only after copying it into the database file and flushing that.
        }
    }
}
