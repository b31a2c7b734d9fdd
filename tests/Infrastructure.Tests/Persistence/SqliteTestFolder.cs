using Microsoft.Data.Sqlite;

namespace CasPortal.Infrastructure.Tests.Persistence;

/// <summary>A fresh folder for a test's SQLite files; disposing it closes the pooled connections and deletes it.</summary>
public sealed class SqliteTestFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("casportal-db-").FullName;

    /// <summary>A database file in the folder.</summary>
    public string ConnectionString => $"Data Source={System.IO.Path.Combine(Path, "test.db")}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
