using System.Text.RegularExpressions;
using CasPortal.Application.Common.Interfaces;
using CasPortal.Application.Common.Models;
using CasPortal.Domain.Sessions;
using CasPortal.Infrastructure.Persistence;
using CasPortal.Infrastructure.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SQLitePCL;

namespace CasPortal.Infrastructure.Tests.Persistence.Sqlite;

/// <summary>The signed-in pages' own reads on SQLite, against EF Core's reading of the same rows.</summary>
public sealed class SqliteSignedInReadsTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 11, 27, 9, 0, 0, DateTimeKind.Utc);

    // sqlite3_stmt_status counters (SQLITE_STMTSTATUS_REPREPARE, SQLITE_STMTSTATUS_RUN), which SQLitePCLRaw does not name.
    private const int StatementReprepared = 5;
    private const int StatementRun = 6;
    private readonly SqliteTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_session_reads_as_EF_Core_reads_it_every_attribute_value_in_order_and_every_time_in_UTC()
    {
        await MigrateAsync();
        var id = await SeedAsync(new Dictionary<string, IReadOnlyList<string>>
        {
            ["memberOf"] = ["b", "a", "b & <c> \"é\""],
            ["mail"] = ["alice@example.edu"],
        });
        using var reader = new SqliteSignedInReads(_folder.ConnectionString);

        var row = await reader.ReadForCheckAsync(PortalSession.HashOfId(id), CancellationToken.None);

        await using var db = NewContext();
        var expected = await db.Sessions.AsNoTracking().SingleAsync(s => s.IdHash == PortalSession.HashOfId(id));
        Assert.NotNull(row);
        Assert.Equal((expected.Reference, expected.Username), (row.Reference, row.Username));
        Assert.Equal(expected.Attributes.Select(a => (a.Key, string.Join('|', a.Value))), row.Attributes.Select(a => (a.Key, string.Join('|', a.Value))));
        Assert.Equal(["b", "a", "b & <c> \"é\""], row.Attributes["memberOf"]);
        Assert.Equal(
            [expected.CreatedAt, expected.LastSeenAt, expected.IdleExpiresAt, expected.AbsoluteExpiresAt],
            [row.CreatedAt, row.LastSeenAt, row.IdleExpiresAt, row.AbsoluteExpiresAt]);
        Assert.All([row.CreatedAt, row.LastSeenAt, row.IdleExpiresAt, row.AbsoluteExpiresAt], time => Assert.Equal(DateTimeKind.Utc, time.Kind));
        Assert.Equal(Now, row.CreatedAt);
        Assert.Null(row.EndedAt);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_session_ended_after_reads_is_seen_ended_at_the_very_next_read_whichever_process_ended_it(bool endedByAnotherProcess)
    {
        var id = await SeedInWriteAheadLogModeAsync();
        // Another process on the file has its own mapping of the database's counts.
        using var reader = endedByAnotherProcess
            ? new SqliteSignedInReads(_folder.ConnectionString, new SessionChangeCounters(_folder.DatabasePath))
            : new SqliteSignedInReads(_folder.ConnectionString);
        Assert.Null((await reader.ReadForCheckAsync(PortalSession.HashOfId(id), CancellationToken.None))!.EndedAt);
        Assert.Null((await reader.ReadForCheckAsync(PortalSession.HashOfId(id), CancellationToken.None))!.EndedAt);

        await using (var db = NewContext())
        {
            (await db.Sessions.SingleAsync()).End(Now.AddMinutes(1), SessionEndReason.AdminRevoked);
            await db.SaveChangesAsync();
        }

        Assert.Equal(Now.AddMinutes(1), (await reader.ReadForCheckAsync(PortalSession.HashOfId(id), CancellationToken.None))!.EndedAt);
    }

    [Fact]
    public async Task The_last_seen_mark_written_after_reads_is_what_the_next_read_returns()
    {
        var id = await SeedInWriteAheadLogModeAsync();
        using var reader = new SqliteSignedInReads(_folder.ConnectionString);
        Assert.Equal(Now, (await reader.ReadForCheckAsync(PortalSession.HashOfId(id), CancellationToken.None))!.LastSeenAt);
        Assert.Equal(Now, (await reader.ReadForCheckAsync(PortalSession.HashOfId(id), CancellationToken.None))!.LastSeenAt);

        await using (var db = NewContext())
        {
            (await db.Sessions.SingleAsync()).Touch(Now.AddMinutes(2), TimeSpan.FromMinutes(1));
            await db.SaveChangesAsync();
        }

        var row = await reader.ReadForCheckAsync(PortalSession.HashOfId(id), CancellationToken.None);
        Assert.Equal((Now.AddMinutes(2), Now.AddMinutes(32)), (row!.LastSeenAt, row.IdleExpiresAt));
    }

    [Fact]
    public async Task An_unknown_session_reads_as_none()
    {
        await MigrateAsync();
        using var reader = new SqliteSignedInReads(_folder.ConnectionString);

        Assert.Null(await reader.ReadForCheckAsync(PortalSession.HashOfId(PortalSession.NewId()), CancellationToken.None));
    }

    [Fact]
    public async Task A_users_live_sessions_list_as_EF_Core_lists_them_latest_seen_first_without_ended_expired_or_others()
    {
        await MigrateAsync();
        await SeedAsync(new Dictionary<string, IReadOnlyList<string>>(), started: Now.AddMinutes(-10));
        var latest = await SeedAsync(new Dictionary<string, IReadOnlyList<string>>(), started: Now.AddMinutes(-5));
        var ended = await SeedAsync(new Dictionary<string, IReadOnlyList<string>>(), started: Now.AddMinutes(-1));
        await SeedAsync(new Dictionary<string, IReadOnlyList<string>>(), started: Now.AddHours(-1)); // idle for 30 minutes by now
        await SeedAsync(new Dictionary<string, IReadOnlyList<string>>(), started: Now, username: "bob");
        await using (var db = NewContext())
        {
            (await db.Sessions.SingleAsync(s => s.IdHash == PortalSession.HashOfId(ended))).End(Now, SessionEndReason.Logout);
            await db.SaveChangesAsync();
        }

        using var reader = new SqliteSignedInReads(_folder.ConnectionString);
        var listed = await reader.ListLiveSessionsOfAsync("alice", Now, 50, CancellationToken.None);

        await using var read = NewContext();
        var expected = await read.Sessions.AsNoTracking()
            .Where(s => s.Username == "alice" && s.EndedAt == null && s.IdleExpiresAt > Now && s.AbsoluteExpiresAt > Now)
            .OrderByDescending(s => s.LastSeenAt)
            .Select(s => new { s.Reference, s.CreatedAt, s.LastSeenAt, s.IdleExpiresAt, s.AbsoluteExpiresAt, s.ClientIp, s.UserAgent })
            .ToListAsync();
        Assert.Equal(2, listed.Count);
        Assert.Equal(expected.Select(e => (e.Reference, e.CreatedAt, e.LastSeenAt, e.IdleExpiresAt, e.AbsoluteExpiresAt, e.ClientIp, e.UserAgent)),
            listed.Select(s => (s.Reference, s.CreatedAt, s.LastSeenAt, s.IdleExpiresAt, s.AbsoluteExpiresAt, s.ClientIp, s.UserAgent)));
        Assert.Equal((await read.Sessions.SingleAsync(s => s.IdHash == PortalSession.HashOfId(latest))).Reference, listed[0].Reference);
        Assert.All(listed, s => Assert.Equal(DateTimeKind.Utc, s.LastSeenAt.Kind));
        Assert.Single(await reader.ListLiveSessionsOfAsync("alice", Now, 1, CancellationToken.None));
    }

    [Fact]
    public async Task The_check_with_the_users_sessions_reads_what_the_check_and_the_list_read_apart()
    {
        await MigrateAsync();
        var older = await SeedAsync(new Dictionary<string, IReadOnlyList<string>> { ["mail"] = ["alice@example.edu"] }, started: Now.AddMinutes(-10));
        var latest = await SeedAsync(new Dictionary<string, IReadOnlyList<string>>(), started: Now.AddMinutes(-5));
        var ended = await SeedAsync(new Dictionary<string, IReadOnlyList<string>>(), started: Now.AddMinutes(-1));
        var idle = await SeedAsync(new Dictionary<string, IReadOnlyList<string>>(), started: Now.AddHours(-1)); // idle for 30 minutes by now
        var bobs = await SeedAsync(new Dictionary<string, IReadOnlyList<string>>(), started: Now, username: "bob");
        await using (var db = NewContext())
        {
            (await db.Sessions.SingleAsync(s => s.IdHash == PortalSession.HashOfId(ended))).End(Now, SessionEndReason.Logout);
            await db.SaveChangesAsync();
        }

        // (EF Core's implementation, PostgreSQL's, is checked against the profile's own query in GetActiveSessionHandlerTests,
        // and on PostgreSQL by the multi-node tests: a compiled query serves one model per process, and this class's
        // contexts are built apart from the portal's.)
        using var reads = new SqliteSignedInReads(_folder.ConnectionString);
        foreach (var (id, limit) in new[] { (older, 50), (latest, 50), (ended, 50), (idle, 50), (bobs, 50), (PortalSession.NewId(), 50), (older, 1) })
        {
            var hash = PortalSession.HashOfId(id);
            var apart = await reads.ReadForCheckAsync(hash, CancellationToken.None);
            var list = apart is null ? [] : await reads.ListLiveSessionsOfAsync(apart.Username, Now, limit, CancellationToken.None);

            var (row, ownSessions) = await reads.ReadForCheckWithOwnSessionsAsync(hash, Now, limit, CancellationToken.None);

            Assert.Equal(Shape(apart), Shape(row));
            Assert.Equal(list, ownSessions);
        }

        Assert.Equal(2, (await reads.ReadForCheckWithOwnSessionsAsync(PortalSession.HashOfId(ended), Now, 50, CancellationToken.None)).OwnSessions.Count);
        Assert.Empty((await reads.ReadForCheckWithOwnSessionsAsync(PortalSession.HashOfId(PortalSession.NewId()), Now, 50, CancellationToken.None)).OwnSessions);
    }

    [Fact]
    public async Task The_users_sessions_read_again_and_again_show_a_session_signed_in_and_one_ended_since_by_another_process()
    {
        var current = await SeedInWriteAheadLogModeAsync();
        var other = await SeedAsync(new Dictionary<string, IReadOnlyList<string>>(), started: Now.AddMinutes(-5));
        var hash = PortalSession.HashOfId(current);
        using var reads = new SqliteSignedInReads(_folder.ConnectionString, new SessionChangeCounters(_folder.DatabasePath));
        for (var read = 0; read < 3; read++)
        {
            Assert.Equal(2, (await reads.ReadForCheckWithOwnSessionsAsync(hash, Now, 50, CancellationToken.None)).OwnSessions.Count);
        }

        var added = await SeedAsync(new Dictionary<string, IReadOnlyList<string>>(), started: Now.AddMinutes(1));
        var afterSignIn = await reads.ReadForCheckWithOwnSessionsAsync(hash, Now.AddMinutes(1), 50, CancellationToken.None);
        await using (var db = NewContext())
        {
            (await db.Sessions.SingleAsync(s => s.IdHash == PortalSession.HashOfId(other))).End(Now.AddMinutes(2), SessionEndReason.AdminRevoked);
            await db.SaveChangesAsync();
        }

        var afterEnd = await reads.ReadForCheckWithOwnSessionsAsync(hash, Now.AddMinutes(2), 50, CancellationToken.None);

        Assert.Equal(3, afterSignIn.OwnSessions.Count);
        Assert.Equal(2, afterEnd.OwnSessions.Count);
        Assert.DoesNotContain(afterEnd.OwnSessions, s => s.Reference == ReferenceOf(other));
        Assert.Contains(afterEnd.OwnSessions, s => s.Reference == ReferenceOf(added));
    }

    [Fact]
    public async Task The_users_sessions_read_again_after_the_own_session_ended_show_it_ended_and_after_one_expired_leave_it_out()
    {
        var current = await SeedInWriteAheadLogModeAsync();
        var idleSoon = await SeedAsync(new Dictionary<string, IReadOnlyList<string>>(), started: Now.AddMinutes(-20)); // idle at Now + 10 minutes
        var hash = PortalSession.HashOfId(current);
        using var reads = new SqliteSignedInReads(_folder.ConnectionString);
        for (var read = 0; read < 3; read++)
        {
            Assert.Equal(2, (await reads.ReadForCheckWithOwnSessionsAsync(hash, Now, 50, CancellationToken.None)).OwnSessions.Count);
        }

        var later = await reads.ReadForCheckWithOwnSessionsAsync(hash, Now.AddMinutes(10), 50, CancellationToken.None);
        await using (var db = NewContext())
        {
            (await db.Sessions.SingleAsync(s => s.IdHash == hash)).End(Now.AddMinutes(11), SessionEndReason.Logout);
            await db.SaveChangesAsync();
        }

        var ended = await reads.ReadForCheckWithOwnSessionsAsync(hash, Now.AddMinutes(11), 50, CancellationToken.None);

        Assert.DoesNotContain(later.OwnSessions, s => s.Reference == ReferenceOf(idleSoon));
        Assert.Single(later.OwnSessions);
        Assert.Equal(Now.AddMinutes(11), ended.Row!.EndedAt);
    }

    [Fact]
    public async Task The_check_with_the_users_sessions_finds_the_row_by_its_key_and_the_list_by_the_list_index_and_sorts_nothing()
    {
        await MigrateAsync();
        var steps = await QueryPlanAsync(SqliteSignedInReads.SessionWithOwnSessionsSql, "$hash", "$now");

        Assert.DoesNotContain(steps, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal) || step.StartsWith("SCAN", StringComparison.Ordinal));
        Assert.Contains("SEARCH Sessions USING INDEX IX_Sessions_Username_EndedAt_LastSeenAt (Username=? AND EndedAt=?)", steps);
    }

    [Fact]
    public async Task The_profiles_list_walks_one_index_in_its_order_and_sorts_nothing()
    {
        await MigrateAsync();

        var steps = await QueryPlanAsync(SqliteSignedInReads.LiveSessionsOfSql, "$username", "$now");

        Assert.Equal(["SEARCH Sessions USING INDEX IX_Sessions_Username_EndedAt_LastSeenAt (Username=? AND EndedAt=?)"], steps);
    }

    [Fact]
    public async Task The_profiles_list_stays_prepared_from_one_request_to_the_next()
    {
        await MigrateAsync();
        await SeedAsync(new Dictionary<string, IReadOnlyList<string>>());
        await using var connection = new SqliteConnection(_folder.ConnectionString);
        await connection.OpenAsync();
        connection.Handle!.enable_sqlite3_next_stmt(true);
        await using var list = connection.CreateCommand();
        list.CommandText = SqliteSignedInReads.LiveSessionsOfSql;
        // Every parameter the statement names, so a bound LIMIT (say) would be bound here as the portal would bind it.
        foreach (var name in Regex.Matches(list.CommandText, @"\$\w+").Select(m => m.Value).Distinct())
        {
            list.Parameters.AddWithValue(name, 50);
        }

        list.Prepare();

        // Each request binds its parameters afresh with its own user and time, as the portal does.
        foreach (var (user, at) in new[] { ("alice", Now), ("bob", Now.AddSeconds(1)), ("alice", Now.AddSeconds(2)) })
        {
            foreach (SqliteParameter parameter in list.Parameters)
            {
                parameter.Value = parameter.ParameterName switch { "$username" => user, "$now" => at, _ => parameter.Value };
            }

            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }
        }

        var statement = raw.sqlite3_next_stmt(connection.Handle, null);
        Assert.Equal(0, raw.sqlite3_stmt_status(statement, StatementReprepared, 0));
        Assert.Equal(3, raw.sqlite3_stmt_status(statement, StatementRun, 0));
    }

    [Fact]
    public void SQLite_makes_the_signed_in_reads_itself_and_PostgreSQL_through_the_requests_context()
    {
        Assert.Equal(ServiceLifetime.Singleton, SessionCheckRegistration(provider: null).Lifetime);
        Assert.Equal(ServiceLifetime.Scoped, SessionCheckRegistration(provider: "Postgres").Lifetime);
    }

    private static ServiceDescriptor SessionCheckRegistration(string? provider)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = "Data Source=:memory:",
            ["Database:Provider"] = provider,
        }).Build();
        return Assert.Single(new ServiceCollection().AddInfrastructure(configuration, Path.GetTempPath()),
            service => service.ServiceType == typeof(ISignedInReads));
    }

    private static object? Shape(SessionCheckRow? row) => row is null ? null : (row.Reference, row.Username, row.CreatedAt, row.LastSeenAt,
        row.IdleExpiresAt, row.AbsoluteExpiresAt, row.EndedAt, string.Join(';', row.Attributes.Select(a => a.Key + "=" + string.Join('|', a.Value))));

    /// <summary>The steps of EXPLAIN QUERY PLAN for <paramref name="sql"/>, its parameters bound to text.</summary>
    private async Task<List<string>> QueryPlanAsync(string sql, params string[] parameters)
    {
        await using var db = NewContext();
        await db.Database.OpenConnectionAsync();
        await using var plan = db.Database.GetDbConnection().CreateCommand();
        plan.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in parameters)
        {
            var parameter = plan.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = "x";
            plan.Parameters.Add(parameter);
        }

        var steps = new List<string>();
        await using var reader = await plan.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            steps.Add(reader.GetString(3));
        }

        return steps;
    }

    private async Task<string> SeedAsync(
        Dictionary<string, IReadOnlyList<string>> attributes, DateTime? started = null, string username = "alice")
    {
        var id = PortalSession.NewId();
        await using var db = NewContext();
        db.Sessions.Add(new PortalSession(id, username, "ticket-hash", attributes, started ?? Now, TimeSpan.FromMinutes(30), TimeSpan.FromHours(8),
            "192.0.2.7", "Firefox"));
        await db.SaveChangesAsync();
        return id;
    }

    private string ReferenceOf(string id)
    {
        using var db = NewContext();
        return db.Sessions.AsNoTracking().Single(s => s.IdHash == PortalSession.HashOfId(id)).Reference;
    }

    private async Task<string> SeedInWriteAheadLogModeAsync()
    {
        await MigrateAsync();
        await using (var wal = NewContext())
        {
            await wal.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        return await SeedAsync(new Dictionary<string, IReadOnlyList<string>>());
    }

    private async Task MigrateAsync()
    {
        await using var db = NewContext();
        await db.Database.MigrateAsync();
    }

    /// <summary>A context as the portal builds it, whose saves count their session changes.</summary>
    private PortalDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(_folder.ConnectionString);
        options.UseSqliteTuning();
        return new PortalDbContext(options.Options).Audited(TimeProvider.System);
    }
}
