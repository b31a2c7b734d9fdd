using Microsoft.Data.Sqlite;

namespace CasPortal.Infrastructure.Tests.Persistence;

/// <summary>A fresh folder for a test's SQLite files; disposing it closes the pooled connections and deletes it.</summary>
public sealed class SqliteTestFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("casportal-db-").FullName;

    /// <summary>A database file in the folder.</summary>
    public string ConnectionString => $"Data Source={DatabasePath}";

    public string DatabasePath => System.IO.Path.Combine(Path, "test.db");

    public void Dispose()
    {
        // This file's pool only. Clearing every pool closed the connections of tests running meanwhile in other classes,
        // and SQLite checkpoints and restarts a write-ahead log when its last connection closes: the background
        // checkpoint test then found a log of a few frames instead of its twenty commits.
        using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        Directory.Delete(Path, recursive: true);
    }
}
