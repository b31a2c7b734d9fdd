using System.Diagnostics;
using CasPortal.Application.Common.Cas;
using CasPortal.Domain.Sessions;
using CasPortal.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using CasPortal.Benchmarks.Audit;

namespace CasPortal.Benchmarks.Http;

/// <summary>
/// A fresh portal database (the real migrations, through the portal's own start-up step) holding <c>count</c> live
/// sessions, each started by the service ticket <see cref="Ticket"/>(i), so single logout requests can name them.
/// Rows are written through the real entity and EF mapping, in batches.
/// </summary>
public static class SessionSeeder
{
    public static string Ticket(int i) => $"ST-{i}-benchmarkSessionSeed";

    public static async Task CreateAsync(string path, int count)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        await AuditDataGenerator.CreateSchemaAsync(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={path}").Options);
        await AddAsync(path, count);
    }

    /// <summary>Adds the live sessions to a portal database that already has its schema (and perhaps other rows).</summary>
    public static async Task AddAsync(string path, int count)
    {
        var started = Stopwatch.GetTimestamp();
        var options = new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={path}").Options;
        var now = DateTime.UtcNow;
        var random = new Random(7);
        IReadOnlyDictionary<string, IReadOnlyList<string>> attributes = new Dictionary<string, IReadOnlyList<string>>
        {
            ["displayName"] = ["Load Test"],
            ["mail"] = ["load.test@example.edu"],
            ["memberOf"] = ["cn=students,ou=groups,dc=example,dc=edu"],
        };
        const int batch = 10_000;
        for (var from = 0; from < count; from += batch)
        {
            await using var db = new PortalDbContext(options);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = from; i < Math.Min(count, from + batch); i++)
            {
                // Seen within the last five minutes, so none expires during the run.
                db.Sessions.Add(new PortalSession(PortalSession.NewId(), $"slo-user-{i}", TicketHash.Of(Ticket(i)), attributes,
                    now.AddSeconds(-random.Next(300)), TimeSpan.FromMinutes(30), TimeSpan.FromHours(8), "10.1.2.3", "Mozilla/5.0"));
            }

            await db.SaveChangesAsync();
        }

        SqliteConnection.ClearAllPools();
        Console.WriteLine($"seeded {count:N0} live sessions in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
    }

    public static async Task<long> CountAsync(string path, string where)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Sessions WHERE " + where;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
