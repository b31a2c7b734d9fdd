using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using CasPortal.Infrastructure.Persistence;

namespace CasPortal.Infrastructure.BackgroundJobs;

/// <summary>
/// With several nodes on one PostgreSQL database, each background job runs on one node at a time, so a session is
/// closed and a purge recorded once, not once per node. This is a session-level advisory lock taken on the job's own
/// scope's connection (the job's command then runs on it) and released when the lock is disposed — or by the server
/// when the node dies. SQLite serves one node, so there every run gets the lock.
/// </summary>
internal sealed class JobLock : IAsyncDisposable
{
    private readonly DbConnection? _connection;
    private readonly long _key;

    private JobLock(DbConnection? connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>The lock for <paramref name="job"/>, or null while another node holds it.</summary>
    public static async Task<JobLock?> TryAcquireAsync(PortalDbContext db, string job, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return new JobLock(null, 0);
        }

        var key = KeyOf(job);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        if (await ExecuteAsync(connection, "SELECT pg_try_advisory_lock(@key)", key, cancellationToken) is true)
        {
            return new JobLock(connection, key);
        }

        await db.Database.CloseConnectionAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await ExecuteAsync(_connection, "SELECT pg_advisory_unlock(@key)", _key, CancellationToken.None);
        }
    }

    /// <summary>A stable 64-bit lock id per job name, the same on every node.</summary>
    internal static long KeyOf(string job) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("CasPortal background job: " + job)));

    private static async Task<object?> ExecuteAsync(DbConnection connection, string sql, long key, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "key";
        parameter.Value = key;
        command.Parameters.Add(parameter);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
