using System.Collections.Concurrent;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace CasPortal.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Counts, for one SQLite database and shared by every process that has it open, the saves that add, change or delete
/// session rows. Each session falls in one of <see cref="Buckets"/> buckets by its id, and each user in one by name;
/// each bucket counts the saves begun and the saves finished. A save counts itself begun before it commits and finished
/// after (<see cref="SessionChangeInterceptor"/>), so a reader that finds a bucket's two counts equal and unmoved across
/// its read knows that no save touched the bucket's rows meanwhile, and that every earlier save is committed and seen.
/// <see cref="SqliteSignedInReads"/> keeps what it read while the bucket's count stands, which keeps the session check
/// exact on every process.
/// </summary>
/// <remarks>
/// For a file the counts live in a small file beside it, <c>-session-changes</c>, mapped into memory: SQLite's
/// write-ahead log already requires every process on the file to run on one machine and share memory through its
/// <c>-shm</c> file, so this adds no requirement. The file holds no data; deleting it while no process runs is safe.
/// A database in memory is seen by one process only, and its counts are that process's memory.
/// </remarks>
internal sealed unsafe class SessionChangeCounters
{
    public const int Buckets = 1 << 16;

    /// <summary>Two counts a bucket: begun, then finished.</summary>
    internal const long Length = Buckets * 2L * sizeof(long);

    internal const string FileSuffix = "-session-changes";

    /// <summary>Per database (its full path, or its in-memory name); a process maps each file once.</summary>
    private static readonly ConcurrentDictionary<string, SessionChangeCounters> ByDatabase = new(StringComparer.Ordinal);

    /// <summary>The same by connection string, so a save or a read does not parse its connection string again.</summary>
    private static readonly ConcurrentDictionary<string, SessionChangeCounters> ByConnectionString = new(StringComparer.Ordinal);

    private readonly long* _counts;

    /// <summary>
    /// Held open for the life of the process, never unmapped: the open file is also the shared lock that tells a
    /// process starting later that it is not alone (<see cref="SettleIfAlone"/>).
    /// </summary>
    private readonly MemoryMappedFile? _file;

    private readonly MemoryMappedViewAccessor? _view;

    /// <summary>Maps the counts of <paramref name="path"/>'s database; a second instance on one path is for tests.</summary>
    internal SessionChangeCounters(string path)
    {
        SettleIfAlone(path + FileSuffix);
        _file = MemoryMappedFile.CreateFromFile(
            OpenShared(path + FileSuffix), mapName: null, Length, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
        _view = _file.CreateViewAccessor(0, Length, MemoryMappedFileAccess.ReadWrite);
        byte* start = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        _counts = (long*)(start + _view.PointerOffset);
    }

    /// <summary>Counts in this process's memory, for a database that lives there.</summary>
    private SessionChangeCounters() => _counts = (long*)NativeMemory.AllocZeroed((nuint)Length);

    /// <summary>The counters of the database a connection string opens.</summary>
    public static SessionChangeCounters Of(string connectionString) =>
        ByConnectionString.TryGetValue(connectionString, out var counters)
            ? counters
            : ByConnectionString.GetOrAdd(connectionString, OfDatabase);

    private static SessionChangeCounters OfDatabase(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var inMemory = builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:";
        var key = inMemory ? "memory:" + builder.DataSource : Path.GetFullPath(builder.DataSource);
        lock (ByDatabase)
        {
            // Under the lock, so two first saves cannot map one file twice.
            return ByDatabase.TryGetValue(key, out var counters)
                ? counters
                : ByDatabase[key] = inMemory ? new SessionChangeCounters() : new SessionChangeCounters(key);
        }
    }

    /// <summary>
    /// The bucket of a session row, by its <c>IdHash</c> (base64url of a SHA-256): the same in every process, unlike
    /// <see cref="string.GetHashCode()"/>.
    /// </summary>
    public static int BucketOf(string idHash) =>
        idHash.Length < 3 ? 0 : ((Sextet(idHash[0]) << 12) | (Sextet(idHash[1]) << 6) | Sextet(idHash[2])) & (Buckets - 1);

    /// <summary>The bucket of a user's sessions, by username (FNV-1a of its characters, the same in every process).</summary>
    public static int BucketOfUser(string username)
    {
        var hash = 2166136261u;
        foreach (var c in username)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & (Buckets - 1));
    }

    /// <summary>
    /// A slot among <paramref name="slots"/> (a power of two) for a row kept in this process, by other characters than
    /// its bucket's.
    /// </summary>
    public static int SlotOf(string idHash, int slots) =>
        idHash.Length < 6 ? 0 : ((Sextet(idHash[3]) << 12) | (Sextet(idHash[4]) << 6) | Sextet(idHash[5])) & (slots - 1);

    private static int Sextet(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        _ => 63,
    };

    /// <summary>
    /// The bucket's count while no save of its rows is under way, or -1 while one is. Finished is read before begun:
    /// both only grow and finished never passes begun, so equal values mean every save begun by then had finished.
    /// </summary>
    public long Stamp(int bucket)
    {
        var finished = Volatile.Read(ref _counts[(bucket * 2) + 1]);
        var begun = Volatile.Read(ref _counts[bucket * 2]);
        return begun == finished ? begun : -1;
    }

    /// <summary>Before a save that changes the bucket's rows commits.</summary>
    public void Begin(int bucket) => Interlocked.Increment(ref _counts[bucket * 2]);

    /// <summary>After that save has committed, or failed.</summary>
    public void Finish(int bucket) => Interlocked.Increment(ref _counts[(bucket * 2) + 1]);

    /// <summary>
    /// Opens the file beside the other processes. A process starting at the same moment may hold it alone for the
    /// millisecond its settling takes, so a refusal is tried again for a while before it is reported.
    /// </summary>
    private static FileStream OpenShared(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
                if (file.Length < Length)
                {
                    file.SetLength(Length);
                }

                return file;
            }
            catch (IOException) when (attempt < 100)
            {
                Thread.Sleep(10);
            }
        }
    }

    /// <summary>
    /// When no other process has the file open, a bucket whose save never finished (its process died between the two
    /// counts) is settled: its finished count is raised to its begun count. Counts never go back, so a row kept under an
    /// earlier count is never taken for current. With another process on the file, its counts stand as they are.
    /// </summary>
    private static void SettleIfAlone(string path)
    {
        FileStream alone;
        try
        {
            // .NET takes an exclusive advisory lock for FileShare.None, which fails while another process holds the file.
            alone = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return;
        }

        using (alone)
        {
            var counts = new long[Length / sizeof(long)];
            var bytes = MemoryMarshal.AsBytes(counts.AsSpan());
            alone.ReadExactly(bytes[..(int)Math.Min(alone.Length, Length)]);
            for (var bucket = 0; bucket < Buckets; bucket++)
            {
                counts[(bucket * 2) + 1] = counts[bucket * 2];
            }

            alone.Position = 0;
            alone.Write(bytes);
        }
    }
}
