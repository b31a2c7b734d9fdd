using System.Diagnostics;
using CasPortal.Domain;
using CasPortal.Domain.Audit;
using CasPortal.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Benchmarks.Audit;

/// <summary>
/// A year of audit events in the real schema, deterministic (fixed seed): a few thousand users of very unequal activity,
/// the event types in the proportions a portal sees them (sign-in started / succeeded / failed, logouts, expiries, proxy
/// tickets, a daily retention purge…), office-hours-heavy times, client IPs and user agents per user, failure codes.
/// The schema comes from the real migrations; rows go in through one transaction of prepared raw INSERTs.
/// </summary>
public static class AuditDataGenerator
{
    public const int Users = 3000;

    /// <summary>The generated year ends here (fixed so that runs are comparable).</summary>
    public static readonly DateTime End = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime Start = End.AddDays(-365);

    private static readonly (AuditEventType Type, double Weight)[] Mix =
    [
        (AuditEventType.LoginStarted, 26), (AuditEventType.LoginSucceeded, 23), (AuditEventType.LoginFailed, 3),
        (AuditEventType.Logout, 8), (AuditEventType.SingleLogout, 6), (AuditEventType.SessionExpired, 12),
        (AuditEventType.SessionRevoked, 0.2), (AuditEventType.AccessDenied, 0.6), (AuditEventType.RequestRejected, 0.5),
        (AuditEventType.SingleLogoutRefused, 0.2), (AuditEventType.ProxyTicketIssued, 6), (AuditEventType.ProxyTicketRefused, 0.5),
    ];

    private static readonly string[] LoginFailureCodes =
    [
        "INVALID_TICKET", "INVALID_TICKET", "INVALID_TICKET", "INVALID_TICKET", "INVALID_TICKET", "INVALID_SERVICE",
        "TIMEOUT", "UNREACHABLE", "MALFORMED_RESPONSE", "INTERNAL_ERROR", "INVALID_TICKET_SPEC", "SAML_ASSERTION_EXPIRED",
    ];

    private static readonly string[] UserAgents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        "curl/8.5.0",
    ];

    private static readonly string[] Surnames =
    [
        "martin", "bernard", "dubois", "thomas", "robert", "richard", "petit", "durand", "leroy", "moreau", "simon", "laurent",
        "lefebvre", "michel", "garcia", "david", "bertrand", "roux", "vincent", "fournier", "morel", "girard", "andre", "mercier",
        "smith", "johnson", "williams", "brown", "jones", "miller", "davis", "wilson", "anderson", "taylor", "moore", "jackson",
        "muller", "schmidt", "schneider", "fischer", "weber", "meyer", "wagner", "becker", "rossi", "russo", "ferrari", "esposito",
    ];

    private sealed record User(string Name, string[] Ips, string UserAgent)
    {
        public string Session { get; set; } = "";
    }

    /// <summary>
    /// The file of <paramref name="count"/> events in <paramref name="folder"/>, generated only when missing or when
    /// asked to: the suites that read it share it, and generating a million events takes a while.
    /// </summary>
    public static async Task<string> CachedAsync(string folder, int count, bool regenerate)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"audit-{count}.db");
        if (regenerate || !File.Exists(path))
        {
            // Generated under another name first, so a run stopped half-way leaves no file that looks complete.
            var partial = path + ".partial";
            await GenerateAsync(partial, count);
            foreach (var stale in new[] { path + "-wal", path + "-shm" })
            {
                File.Delete(stale);
            }

            File.Move(partial, path, overwrite: true);
        }
        else
        {
            Console.WriteLine($"using the existing {path} (--regenerate to rebuild it)");
        }

        return path;
    }

    public static async Task GenerateAsync(string path, int count)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        var started = Stopwatch.GetTimestamp();
        var connectionString = $"Data Source={path}";
        await CreateSchemaAsync(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(connectionString).Options);

        var random = new Random(20261127);
        var users = Enumerable.Range(0, Users).Select(i => NewUser(random, i)).ToArray();
        // Very unequal activity: user i is picked with weight 1/(i+20) (the busiest ~0.9% of user events, the median ~0.013%).
        var userCdf = Cumulative(Enumerable.Range(0, Users).Select(i => 1.0 / (i + 20)).ToArray());
        var typeCdf = Cumulative(Mix.Select(m => m.Weight).ToArray());
        var times = RandomTimes(random, count - 365);

        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync();
            await using (var pragma = connection.CreateCommand())
            {
                // Generation only (not persistent): nothing else uses the file yet.
                pragma.CommandText = "PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;";
                await pragma.ExecuteNonQueryAsync();
            }

            await using var transaction = connection.BeginTransaction();
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO AuditEvents (OccurredAt, Type, Username, SessionReference, ClientIp, UserAgent, Detail, Code)
                VALUES ($at, $type, $user, $session, $ip, $ua, $detail, $code)
                """;
            var p = new[] { "$at", "$type", "$user", "$session", "$ip", "$ua", "$detail", "$code" }
                .Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
            insert.Prepare();

            var nextPurge = Start.Date.AddHours(3);
            foreach (var at in times)
            {
                // The retention purge writes its own event once a day.
                while (nextPurge <= at)
                {
                    Bind(p, nextPurge, AuditEventType.AuditPurged, null, null, null, null,
                        $"Removed {random.Next(1500, 4000)} events older than 400 days (before {nextPurge.AddDays(-400):yyyy-MM-dd HH:mm} UTC)", null);
                    await insert.ExecuteNonQueryAsync();
                    nextPurge = nextPurge.AddDays(1);
                }

                var type = Mix[Pick(typeCdf, random)].Type;
                var user = users[Pick(userCdf, random)];
                var ip = random.NextDouble() < 0.9 ? user.Ips[random.Next(user.Ips.Length)] : RandomIp(random);
                var ua = random.NextDouble() < 0.95 ? user.UserAgent : UserAgents[random.Next(UserAgents.Length)];
                var ticket = $"#{random.NextInt64():x16}"[..13];
                switch (type)
                {
                    case AuditEventType.LoginStarted:
                        Bind(p, at, type, null, null, ip, ua, random.NextDouble() < 0.7 ? "Return to /profile" : "Return to /admin/audit", null);
                        break;
                    case AuditEventType.LoginSucceeded:
                        user.Session = NewSessionReference(random);
                        Bind(p, at, type, user.Name, user.Session, ip, ua, $"Ticket {ticket}", null);
                        break;
                    case AuditEventType.LoginFailed:
                        var code = LoginFailureCodes[random.Next(LoginFailureCodes.Length)];
                        Bind(p, at, type, null, null, ip, ua, $"{code}: the CAS server refused the ticket (ticket {ticket})", code);
                        break;
                    case AuditEventType.RequestRejected:
                        Bind(p, at, type, null, null, ip, ua, "The request was malformed: The ticket is not a CAS service ticket.", "MALFORMED_REQUEST");
                        break;
                    case AuditEventType.SingleLogoutRefused:
                        Bind(p, at, type, null, null, RandomIp(random), "Apache-HttpClient/4.5.14 (Java/17.0.9)",
                            "Back-channel logout request from an address not in Cas:SingleLogout:AllowedSources", "SOURCE_NOT_ALLOWED");
                        break;
                    case AuditEventType.AccessDenied:
                        Bind(p, at, type, user.Name, Session(user, random), ip, ua, "Denied /admin/audit", "NOT_ADMINISTRATOR");
                        break;
                    case AuditEventType.ProxyTicketRefused:
                        Bind(p, at, type, user.Name, Session(user, random), ip, ua, "UNAUTHORIZED_SERVICE: for https://api.example.edu/", "UNAUTHORIZED_SERVICE");
                        break;
                    default:
                        Bind(p, at, type, user.Name, Session(user, random), type == AuditEventType.SessionExpired ? null : ip,
                            type == AuditEventType.SessionExpired ? null : ua, Detail(type, ticket, users, random), null);
                        break;
                }

                await insert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

        SqliteConnection.ClearAllPools();

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine($"generated {count:N0} events in {seconds:F1} s ({count / seconds:N0} rows/s), {new FileInfo(path).Length / 1048576.0:F0} MB");
    }

    /// <summary>
    /// The real schema: the portal's EF Core migrations, then write-ahead logging as the portal's start-up
    /// (DatabaseMigrator) sets it.
    /// </summary>
    public static async Task CreateSchemaAsync(DbContextOptions<PortalDbContext> options)
    {
        await using var db = new PortalDbContext(options);
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }

    private static User NewUser(Random random, int i)
    {
        var name = $"{(char)('a' + random.Next(26))}{Surnames[random.Next(Surnames.Length)]}{(i < Surnames.Length ? "" : i.ToString())}";
        var ips = Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomIp(random)).ToArray();
        return new User(name, ips, UserAgents[random.Next(UserAgents.Length - 1)]);
    }

    private static string Session(User user, Random random) => user.Session.Length > 0 ? user.Session : user.Session = NewSessionReference(random);

    private static string Detail(AuditEventType type, string ticket, User[] users, Random random) => type switch
    {
        AuditEventType.Logout => "Signed out from the portal",
        AuditEventType.SingleLogout => $"BackChannel logout request from the CAS server (ticket {ticket})",
        AuditEventType.SessionExpired => random.NextDouble() < 0.9 ? "Idle timeout reached" : "Absolute lifetime reached",
        AuditEventType.SessionRevoked => $"Revoked by {users[random.Next(5)].Name}",
        AuditEventType.ProxyTicketIssued => "For https://api.example.edu/",
        _ => type.ToString(),
    };

    private static void Bind(SqliteParameter[] p, DateTime at, AuditEventType type, string? user, string? session, string? ip,
        string? ua, string? detail, string? code)
    {
        object?[] values = [at, (int)type, user, session, ip, ua, detail, code];
        for (var i = 0; i < p.Length; i++)
        {
            p[i].Value = values[i] ?? DBNull.Value;
        }
    }

    /// <summary>Sorted times over the year: weekdays five times busier than weekends, office hours busiest.</summary>
    private static DateTime[] RandomTimes(Random random, int count)
    {
        double[] hourWeight = [1, 1, 1, 1, 1, 2, 4, 10, 20, 22, 18, 14, 12, 16, 18, 16, 12, 8, 5, 4, 3, 2, 2, 1];
        var slots = Enumerable.Range(0, 365 * 24).Select(h =>
        {
            var at = Start.AddHours(h);
            return hourWeight[at.Hour] * (at.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.2 : 1.0);
        }).ToArray();
        var cdf = Cumulative(slots);
        var times = new DateTime[count];
        for (var i = 0; i < count; i++)
        {
            times[i] = Start.AddHours(Pick(cdf, random)).AddTicks(random.NextInt64(TimeSpan.TicksPerHour));
        }

        Array.Sort(times);
        return times;
    }

    private static string RandomIp(Random random) => random.Next(20) switch
    {
        0 => $"2001:db8:{random.Next(0x10000):x}::{random.Next(0x10000):x}",
        < 12 => $"10.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}",
        _ => $"{random.Next(1, 224)}.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}",
    };

    /// <summary>A session's short reference as the portal makes one (letters and digits), from the seeded generator.</summary>
    private static string NewSessionReference(Random random) =>
        random.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", Limits.SessionReferenceLength);

    private static double[] Cumulative(double[] weights)
    {
        var cdf = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            cdf[i] = sum += weights[i];
        }

        return cdf.Select(c => c / sum).ToArray();
    }

    private static int Pick(double[] cdf, Random random)
    {
        var i = Array.BinarySearch(cdf, random.NextDouble());
        return Math.Min(i < 0 ? ~i : i, cdf.Length - 1);
    }
}
