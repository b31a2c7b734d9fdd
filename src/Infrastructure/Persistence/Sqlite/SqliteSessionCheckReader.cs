using System.Collections.Concurrent;
using CasPortal.Application.Common.Models;
using CasPortal.Infrastructure.Persistence.Configurations;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CasPortal.Infrastructure.Persistence.Sqlite;

/// <summary>
/// The session check on SQLite, without EF Core: a few connections of its own stay open, each with the SELECT
/// prepared once, so a request costs one bound execution of a compiled statement. It stays exact: every execution is
/// its own read transaction, so it sees each commit made before it, on this node or any other process on the file.
/// The column names are the model's (Configurations/PortalSessionConfiguration); a test reads the same rows both ways.
/// </summary>
internal sealed class SqliteSessionCheckReader(string connectionString) : ISessionCheckReader, IDisposable
{
    private const string Select = """
        SELECT "Reference", "Username", "Attributes", "CreatedAt", "LastSeenAt", "IdleExpiresAt", "AbsoluteExpiresAt", "EndedAt"
        FROM "Sessions" WHERE "IdHash" = $hash
        """;

    /// <summary>More idle readers than requests run at once would only hold memory.</summary>
    private static readonly int MaxIdle = Environment.ProcessorCount * 8;

    private readonly ConcurrentBag<PreparedRead> _idle = [];
    private bool _disposed;

    public Task<SessionCheckRow?> ReadAsync(string sessionIdHash, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var read = _idle.TryTake(out var idle) ? idle : new PreparedRead(connectionString);
        try
        {
            var row = read.Find(sessionIdHash);
            Return(read);
            return Task.FromResult(row);
        }
        catch
        {
            // A connection that failed is not trusted again; the next request opens a fresh one.
            read.Dispose();
            throw;
        }
    }

    private void Return(PreparedRead read)
    {
        if (_disposed || _idle.Count >= MaxIdle)
        {
            read.Dispose();
            return;
        }

        _idle.Add(read);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var read))
        {
            read.Dispose();
        }
    }

    /// <summary>One open connection and its prepared SELECT; used by one request at a time.</summary>
    private sealed class PreparedRead : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _command;
        private readonly SqliteParameter _hash;

        public PreparedRead(string connectionString)
        {
            // Not from Microsoft.Data.Sqlite's pool: this connection is held open, and the pool's are EF Core's.
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
            try
            {
                _connection.Open();
                SqliteException.ThrowExceptionForRC(
                    raw.sqlite3_busy_timeout(_connection.Handle, SqliteConnectionSetup.BusyTimeoutMilliseconds), _connection.Handle);
                _command = _connection.CreateCommand();
                _command.CommandText = Select;
                _hash = _command.Parameters.Add("$hash", SqliteType.Text);
                _command.Prepare();
            }
            catch
            {
                _connection.Dispose();
                throw;
            }
        }

        public SessionCheckRow? Find(string sessionIdHash)
        {
            _hash.Value = sessionIdHash;
            using var reader = _command.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            return new SessionCheckRow(
                reader.GetString(0),
                reader.GetString(1),
                AttributesColumn.Read(reader.GetString(2)),
                Utc(reader.GetDateTime(3)),
                Utc(reader.GetDateTime(4)),
                Utc(reader.GetDateTime(5)),
                Utc(reader.GetDateTime(6)),
                reader.IsDBNull(7) ? null : Utc(reader.GetDateTime(7)));
        }

        // The portal stores every time in UTC (PortalDbContext's conventions); SQLite's text forgets the kind.
        private static DateTime Utc(DateTime stored) => DateTime.SpecifyKind(stored, DateTimeKind.Utc);

        public void Dispose()
        {
            _command.Dispose();
            _connection.Dispose();
        }
    }
}
