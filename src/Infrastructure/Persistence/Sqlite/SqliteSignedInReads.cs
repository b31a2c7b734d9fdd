using System.Collections.Concurrent;
using CasPortal.Application.Common.Models;
using CasPortal.Application.Sessions;
using CasPortal.Infrastructure.Persistence.Configurations;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CasPortal.Infrastructure.Persistence.Sqlite;

/// <summary>
/// The signed-in pages' reads on SQLite, without EF Core: a few connections of their own stay open, each with its
/// SELECTs prepared once, so a request costs one bound execution of a compiled statement, or none when the check's row
/// is kept from an earlier request and no save has changed it since (<see cref="ReadForCheckAsync"/>). They stay exact:
/// every execution is its own read transaction, so it sees each commit made before it, by this process or any other on
/// the file. The table and column names are the model's (Configurations/PortalSessionConfiguration); a test reads the same
/// rows both ways.
/// </summary>
/// <param name="changes">
/// The database's count of session changes; in tests, another mapping of it stands for another process.
/// </param>
internal sealed class SqliteSignedInReads(string connectionString, SessionChangeCounters changes) : ISignedInReads, IDisposable
{
    public SqliteSignedInReads(string connectionString)
        : this(connectionString, SessionChangeCounters.Of(connectionString))
    {
    }

    /// <summary>One row by its primary key.</summary>
    private const string SessionForCheckSql = """
        SELECT "Reference", "Username", "Attributes", "CreatedAt", "LastSeenAt", "IdleExpiresAt", "AbsoluteExpiresAt", "EndedAt"
        FROM "Sessions" WHERE "IdHash" = $hash
        """;

    /// <summary>
    /// In the order of the index on Username, EndedAt, LastSeenAt, so SQLite sorts nothing and the reader stops after
    /// the rows it wants. No <c>LIMIT $limit</c>: SQLite's planner reads a bound LIMIT's value, so every new binding
    /// expires the statement and each execution would parse and plan it again.
    /// </summary>
    internal const string LiveSessionsOfSql = """
        SELECT "Reference", "Username", "CreatedAt", "LastSeenAt", "IdleExpiresAt", "AbsoluteExpiresAt", "ClientIp", "UserAgent"
        FROM "Sessions"
        WHERE "Username" = $username AND "EndedAt" IS NULL AND "IdleExpiresAt" > $now AND "AbsoluteExpiresAt" > $now
        ORDER BY "LastSeenAt" DESC
        """;

    /// <summary>
    /// The two above as one statement: the row (Kind 0) and its user's live sessions (Kind 1), merged in the list's order
    /// of "last seen"; the second part walks the same index as <see cref="LiveSessionsOfSql"/>, and nothing is sorted.
    /// </summary>
    internal const string SessionWithOwnSessionsSql = """
        SELECT 0 AS "Kind", "Reference", "Username", "Attributes", "CreatedAt", "LastSeenAt", "IdleExpiresAt", "AbsoluteExpiresAt", "EndedAt", NULL AS "ClientIp", NULL AS "UserAgent"
        FROM "Sessions" WHERE "IdHash" = $hash
        UNION ALL
        SELECT 1, "Reference", "Username", NULL, "CreatedAt", "LastSeenAt", "IdleExpiresAt", "AbsoluteExpiresAt", NULL, "ClientIp", "UserAgent"
        FROM "Sessions"
        WHERE "Username" = (SELECT "Username" FROM "Sessions" WHERE "IdHash" = $hash)
            AND "EndedAt" IS NULL AND "IdleExpiresAt" > $now AND "AbsoluteExpiresAt" > $now
        ORDER BY "LastSeenAt" DESC
        """;

    /// <summary>More idle connections than requests run at once would only hold memory.</summary>
    private static readonly int MaxIdle = Environment.ProcessorCount * 8;

    /// <summary>
    /// Rows kept, one a slot: a bound on memory however many sessions are live. A row whose slot another has taken is read
    /// again.
    /// </summary>
    private const int KeptRows = 1 << 14;

    private readonly ConcurrentBag<PreparedReads> _idle = [];

    private readonly KeptRow?[] _kept = new KeptRow?[KeptRows];

    private readonly KeptWithOwnSessions?[] _keptWithOwnSessions = new KeptWithOwnSessions?[KeptRows];

    /// <summary>
    /// How many are in <see cref="_idle"/>, kept beside it: the bag's own Count locks every thread's queue to count them,
    /// on every request (docs/PERFORMANCE.md, ninth round).
    /// </summary>
    private int _idleCount;
    private volatile bool _disposed;

    /// <summary>
    /// A live row kept from an earlier read is returned while its bucket's count of saves (see
    /// <see cref="SessionChangeCounters"/>) has not moved, since no save of any process can have changed it; otherwise
    /// the row is read. It is kept only when the count stood still across the read, so it is what a read now would
    /// return; and only at a session's second read, so that sessions seen once (a sign-in's own redirect) hold no row.
    /// </summary>
    public Task<SessionCheckRow?> ReadForCheckAsync(string sessionIdHash, CancellationToken cancellationToken)
    {
        var bucket = SessionChangeCounters.BucketOf(sessionIdHash);
        ref var slot = ref _kept[SessionChangeCounters.SlotOf(sessionIdHash, KeptRows)];
        var stamp = changes.Stamp(bucket);
        var kept = Volatile.Read(ref slot);
        var seenBefore = kept is not null && kept.IdHash == sessionIdHash;
        if (seenBefore && stamp >= 0 && kept!.Stamp == stamp && kept.Row is { } keptRow)
        {
            return Task.FromResult<SessionCheckRow?>(keptRow);
        }

        var row = With(reads => reads.SessionForCheck(sessionIdHash));
        if (row is { EndedAt: null })
        {
            if (!seenBefore)
            {
                Volatile.Write(ref slot, new KeptRow(sessionIdHash, null, -1));
            }
            else if (stamp >= 0 && changes.Stamp(bucket) == stamp)
            {
                Volatile.Write(ref slot, new KeptRow(sessionIdHash, row, stamp));
            }
        }

        return Task.FromResult(row);
    }

    public Task<List<SessionSummary>> ListLiveSessionsOfAsync(string username, DateTime now, int limit, CancellationToken cancellationToken) =>
        Task.FromResult(With(reads => reads.LiveSessionsOf(username, now, limit)));

    /// <summary>
    /// The row and its user's live sessions, kept from an earlier read while the user's bucket stands: every save that
    /// adds, changes or deletes one of the user's sessions counts there, and a listed session that has since expired
    /// sends the read to the database, which would now list the next one. The first read of a session only notes its
    /// user; the second, whose user's count could be taken before it, is kept.
    /// </summary>
    public Task<SessionCheckWithOwnSessions> ReadForCheckWithOwnSessionsAsync(
        string sessionIdHash, DateTime now, int limit, CancellationToken cancellationToken)
    {
        ref var slot = ref _keptWithOwnSessions[SessionChangeCounters.SlotOf(sessionIdHash, KeptRows)];
        var kept = Volatile.Read(ref slot);
        string? username = null;
        var userBucket = 0;
        long stamp = -1;
        if (kept is not null && kept.IdHash == sessionIdHash)
        {
            username = kept.Username;
            userBucket = SessionChangeCounters.BucketOfUser(username);
            stamp = changes.Stamp(userBucket);
            if (stamp >= 0 && kept.Stamp == stamp && kept.Limit == limit && kept.Read is { } keptRead
                && keptRead.OwnSessions.TrueForAll(s => s.IdleExpiresAt > now && s.AbsoluteExpiresAt > now))
            {
                return Task.FromResult(keptRead);
            }
        }

        var read = With(reads => reads.SessionWithOwnSessions(sessionIdHash, now, limit));
        if (read.Row is { EndedAt: null } row)
        {
            if (username is null)
            {
                Volatile.Write(ref slot, new KeptWithOwnSessions(sessionIdHash, row.Username, null, limit, -1));
            }
            else if (stamp >= 0 && row.Username == username && changes.Stamp(userBucket) == stamp)
            {
                Volatile.Write(ref slot, new KeptWithOwnSessions(sessionIdHash, username, read, limit, stamp));
            }
        }

        return Task.FromResult(read);
    }

    private T With<T>(Func<PreparedReads, T> read)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        PreparedReads reads;
        if (_idle.TryTake(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            reads = idle;
        }
        else
        {
            reads = new PreparedReads(connectionString);
        }

        T result;
        try
        {
            result = read(reads);
        }
        catch
        {
            // A connection that failed is not trusted again; the next request opens a fresh one.
            reads.Dispose();
            throw;
        }

        if (_disposed)
        {
            reads.Dispose();
        }
        else if (Interlocked.Increment(ref _idleCount) > MaxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            reads.Dispose();
        }
        else
        {
            _idle.Add(reads);
        }

        return result;
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var reads))
        {
            reads.Dispose();
        }
    }

    /// <summary>
    /// A live session's row as read while its bucket's count was <paramref name="Stamp"/>; at the session's first read,
    /// no row and -1, a note that it has been seen.
    /// </summary>
    private sealed record KeptRow(string IdHash, SessionCheckRow? Row, long Stamp);

    /// <summary>
    /// A live session's row and its user's sessions as read while the user's bucket's count was <paramref name="Stamp"/>;
    /// at the session's first read, no read and -1: the entry then only tells the next read whose bucket to count.
    /// </summary>
    private sealed record KeptWithOwnSessions(string IdHash, string Username, SessionCheckWithOwnSessions? Read, int Limit, long Stamp);

    /// <summary>One open connection and its prepared SELECTs; used by one request at a time.</summary>
    private sealed class PreparedReads : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _sessionForCheck;
        private readonly SqliteCommand _liveSessionsOf;
        private readonly SqliteCommand _sessionWithOwnSessions;

        public PreparedReads(string connectionString)
        {
            // Not from Microsoft.Data.Sqlite's pool: this connection is held open, and the pool's are EF Core's.
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
            try
            {
                _connection.Open();
                SqliteException.ThrowExceptionForRC(
                    raw.sqlite3_busy_timeout(_connection.Handle, SqliteConnectionSetup.BusyTimeoutMilliseconds), _connection.Handle);
                _sessionForCheck = Prepare(SessionForCheckSql, ("$hash", SqliteType.Text));
                _liveSessionsOf = Prepare(LiveSessionsOfSql, ("$username", SqliteType.Text), ("$now", SqliteType.Text));
                _sessionWithOwnSessions = Prepare(SessionWithOwnSessionsSql, ("$hash", SqliteType.Text), ("$now", SqliteType.Text));
            }
            catch
            {
                _connection.Dispose();
                throw;
            }
        }

        private SqliteCommand Prepare(string sql, params (string Name, SqliteType Type)[] parameters)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, type) in parameters)
            {
                command.Parameters.Add(name, type);
            }

            command.Prepare();
            return command;
        }

        public SessionCheckRow? SessionForCheck(string sessionIdHash)
        {
            _sessionForCheck.Parameters[0].Value = sessionIdHash;
            using var reader = _sessionForCheck.ExecuteReader();
            return reader.Read() ? CheckRow(reader, reference: 0) : null;
        }

        public SessionCheckWithOwnSessions SessionWithOwnSessions(string sessionIdHash, DateTime now, int limit)
        {
            _sessionWithOwnSessions.Parameters[0].Value = sessionIdHash;
            _sessionWithOwnSessions.Parameters[1].Value = now; // bound as the same text EF Core stores times in
            using var reader = _sessionWithOwnSessions.ExecuteReader();
            SessionCheckRow? row = null;
            var sessions = new List<SessionSummary>();
            // In order of "last seen", the row among the list: read until both are found, no further.
            while ((row is null || sessions.Count < limit) && reader.Read())
            {
                if (reader.GetInt32(0) == 0)
                {
                    row = CheckRow(reader, reference: 1);
                }
                else if (sessions.Count < limit)
                {
                    sessions.Add(Summary(reader, reference: 1, createdAt: 4, clientIp: 9));
                }
            }

            return new SessionCheckWithOwnSessions(row, sessions);
        }

        public List<SessionSummary> LiveSessionsOf(string username, DateTime now, int limit)
        {
            _liveSessionsOf.Parameters[0].Value = username;
            _liveSessionsOf.Parameters[1].Value = now; // bound as the same text EF Core stores times in
            using var reader = _liveSessionsOf.ExecuteReader();
            var sessions = new List<SessionSummary>();
            while (sessions.Count < limit && reader.Read())
            {
                sessions.Add(Summary(reader, reference: 0, createdAt: 2, clientIp: 6));
            }

            return sessions;
        }

        /// <summary>Reference, Username, Attributes, CreatedAt, LastSeenAt, IdleExpiresAt, AbsoluteExpiresAt, EndedAt from <paramref name="reference"/> on.</summary>
        private static SessionCheckRow CheckRow(SqliteDataReader reader, int reference) => new(
            reader.GetString(reference),
            reader.GetString(reference + 1),
            ReadWhenUsed(reader.GetString(reference + 2)),
            StoredTime.Read(reader, reference + 3),
            StoredTime.Read(reader, reference + 4),
            StoredTime.Read(reader, reference + 5),
            StoredTime.Read(reader, reference + 6),
            reader.IsDBNull(reference + 7) ? null : StoredTime.Read(reader, reference + 7));

        /// <summary>Reference and Username from <paramref name="reference"/> on, the four times from <paramref name="createdAt"/>, ClientIp and UserAgent from <paramref name="clientIp"/>.</summary>
        private static SessionSummary Summary(SqliteDataReader reader, int reference, int createdAt, int clientIp) => new(
            reader.GetString(reference),
            reader.GetString(reference + 1),
            StoredTime.Read(reader, createdAt),
            StoredTime.Read(reader, createdAt + 1),
            StoredTime.Read(reader, createdAt + 2),
            StoredTime.Read(reader, createdAt + 3),
            reader.IsDBNull(clientIp) ? null : reader.GetString(clientIp),
            reader.IsDBNull(clientIp + 1) ? null : reader.GetString(clientIp + 1));

        private static SessionAttributes ReadWhenUsed(string json) => SessionAttributes.ReadWhenUsed(() => AttributesColumn.Read(json));

        public void Dispose()
        {
            _sessionForCheck.Dispose();
            _liveSessionsOf.Dispose();
            _sessionWithOwnSessions.Dispose();
            _connection.Dispose();
        }
    }
}
