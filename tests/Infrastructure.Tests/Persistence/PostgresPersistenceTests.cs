using CasPortal.Application.Audit;
using CasPortal.Application.Audit.GetAuditChart;
using CasPortal.Application.Audit.PurgeAuditLog;
using CasPortal.Application.Audit.SearchAuditLog;
using CasPortal.Application.Common.Options;
using CasPortal.Application.Common.Telemetry;
using CasPortal.Application.Sessions.CloseExpiredSessions;
using CasPortal.Application.Sessions.ListActiveSessions;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using CasPortal.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CasPortal.Infrastructure.Tests.Persistence;

/// <summary>
/// The schema as the PostgreSQL migrations build it, and the use cases' queries as Npgsql translates them: the
/// handlers are written once for both providers, so these prove the PostgreSQL half.
/// </summary>
public sealed class PostgresPersistenceTests(PostgresPersistenceTests.MigratedDatabase database)
    : IClassFixture<PostgresPersistenceTests.MigratedDatabase>, IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 11, 27, 9, 0, 0, DateTimeKind.Utc);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(Now));

    public sealed class MigratedDatabase : IAsyncLifetime
    {
        private PostgresTestDatabase? _database;

        public string ConnectionString => _database!.ConnectionString;

        public PostgresPortalDbContext NewContext() => NewContext(ConnectionString);

        public static PostgresPortalDbContext NewContext(string connectionString) =>
            new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(connectionString).Options)
                .Audited(new FakeTimeProvider(new DateTimeOffset(Now)));

        public async Task InitializeAsync()
        {
            _database = await PostgresTestDatabase.CreateAsync("persistence");
            await using var db = NewContext();
            await db.Database.MigrateAsync();
        }

        public async Task DisposeAsync()
        {
            if (_database is not null)
            {
                await _database.DisposeAsync();
            }
        }
    }

    // Tests in a class run one at a time, so each starts from empty tables.
    public async Task InitializeAsync()
    {
        await using var db = database.NewContext();
        await db.Database.ExecuteSqlRawAsync("TRUNCATE \"AuditEvents\", \"Sessions\", \"ProxyGrantingTickets\" RESTART IDENTITY");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Migrations_build_a_PostgreSQL_database_that_matches_the_model()
    {
        await using var db = database.NewContext();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(),
            "the model changed without a PostgreSQL migration: run dotnet ef migrations add <Name> --context PostgresPortalDbContext");
        Assert.Equal(
            db.Database.GetMigrations().Count(),
            (await db.Database.GetAppliedMigrationsAsync()).Count());
    }

    [Fact]
    public async Task Upgrading_a_database_that_keys_sessions_by_id_leaves_no_id_behind()
    {
        await using var fresh = await PostgresTestDatabase.CreateAsync("session_id_hash");
        await using var db = MigratedDatabase.NewContext(fresh.ConnectionString);
        await SessionIdHashMigration.UpgradesAsync(db, "20261127114540_InitialCreate");
    }

    [Fact]
    public async Task Several_nodes_migrating_one_fresh_database_at_once_all_succeed()
    {
        await using var fresh = await PostgresTestDatabase.CreateAsync("migrate_race");

        // Four nodes starting together, each running what start-up and the migrate command run: one node at a time
        // reads and applies the pending migrations, so each runs exactly once.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await using var db = MigratedDatabase.NewContext(fresh.ConnectionString);
            await DatabaseMigrator.MigrateAsync(db, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None);
        })));

        await using var check = MigratedDatabase.NewContext(fresh.ConnectionString);
        Assert.Empty(await check.Database.GetPendingMigrationsAsync());
        Assert.Equal(check.Database.GetMigrations(), await check.Database.GetAppliedMigrationsAsync());
        check.AuditEvents.Add(new AuditEvent(Now, AuditEventType.LoginStarted));
        await check.SaveChangesAsync();
    }

    [Fact]
    public async Task Times_are_stored_as_instants_and_come_back_in_UTC_with_attributes_whole()
    {
        // timestamp with time zone takes only UTC times; the context's conversion turns any other kind into UTC.
        var local = new DateTime(2026, 11, 27, 10, 30, 0, DateTimeKind.Local);
        await using (var db = database.NewContext())
        {
            db.Sessions.Add(new PortalSession("s1", "alice", "hash-1", new Dictionary<string, IReadOnlyList<string>>
            {
                ["memberOf"] = ["b", "a", "b & <c> \"quoted\" é"],
                ["mail"] = ["alice@example.edu"],
            }, Now, TimeSpan.FromMinutes(30), TimeSpan.FromHours(8), "2001:db8::1", "Firefox"));
            db.Sessions.Add(NewSession("s2", "bob", local));
            await db.SaveChangesAsync();
        }

        await using var read = database.NewContext();
        var session = await read.Sessions.AsNoTracking().SingleAsync(s => s.ServiceTicketHash == "hash-1");
        Assert.Equal(["b", "a", "b & <c> \"quoted\" é"], session.Attributes["memberOf"]);
        Assert.Equal((Now, DateTimeKind.Utc), (session.CreatedAt, session.CreatedAt.Kind));
        Assert.Equal(Now.AddMinutes(30), session.IdleExpiresAt);
        Assert.Equal(TimeSpan.FromMinutes(30), session.IdleTimeout);
        var started = (await read.Sessions.AsNoTracking().SingleAsync(s => s.IdHash == PortalSession.HashOfId("s2"))).CreatedAt;
        Assert.Equal((local.ToUniversalTime(), DateTimeKind.Utc), (started, started.Kind));
    }

    [Fact]
    public async Task A_user_prefix_matches_byte_for_byte_as_on_SQLite_whatever_the_database_collation()
    {
        // The test database sorts linguistically (ICU en-US), where "Alice" and "ALI" fall inside the range
        // ["ali", "ali\uFFFF"); the text columns' "C" collation keeps the range to names that start with "ali".
        var names = new[] { "al-ice", "ali", "ali-b", "alice", "Alice", "ALI", "alina", "alj", "bob" };
        await AddAsync(names.Select((name, i) => new AuditEvent(Now.AddMinutes(i), AuditEventType.LoginSucceeded, name)).ToArray());

        await using var db = database.NewContext();
        var page = await new SearchAuditLogHandler(db)
            .Handle(new SearchAuditLogQuery(new AuditFilter(User: "ali", UserMatch: UserMatch.Prefix), null, 50), default);

        Assert.Equal(["alina", "alice", "ali-b", "ali"], page.Events.Select(e => e.Username));
    }

    [Fact]
    public async Task Keyset_pages_over_events_at_the_same_instant_neither_skip_nor_repeat()
    {
        await AddAsync(Enumerable.Range(0, 7).Select(i => new AuditEvent(Now.AddTicks(1234567), AuditEventType.Logout, $"same{i}")).ToArray());

        var ids = new List<long>();
        AuditCursor? before = null;
        do
        {
            await using var db = database.NewContext();
            var page = await new SearchAuditLogHandler(db).Handle(new SearchAuditLogQuery(new AuditFilter(), before, 3), default);
            ids.AddRange(page.Events.Select(e => e.Id));
            before = page.Next;
        }
        while (before is not null);

        Assert.Equal(Enumerable.Range(1, 7).Reverse().Select(i => (long)i), ids);
    }

    [Fact]
    public async Task The_chart_counts_sign_ins_and_failures_per_UTC_hour_in_the_database()
    {
        var nine = Now.AddMinutes(10);
        await AddAsync(
            new AuditEvent(nine, AuditEventType.LoginSucceeded, "a"),
            new AuditEvent(nine.AddMinutes(5), AuditEventType.LoginSucceeded, "b"),
            new AuditEvent(nine.AddMinutes(20), AuditEventType.LoginFailed, code: "INVALID_TICKET"),
            new AuditEvent(nine.AddHours(1), AuditEventType.LoginFailed, code: "TIMEOUT"),
            new AuditEvent(nine.AddHours(1), AuditEventType.LoginFailed, code: "INVALID_TICKET"),
            new AuditEvent(nine, AuditEventType.Logout, "a"));

        await using var db = database.NewContext();
        var chart = await new GetAuditChartHandler(db, _clock).Handle(
            new GetAuditChartQuery(new AuditFilter(FromUtc: Now, ToUtc: Now.AddHours(3)), TimeZoneInfo.Utc), default);

        Assert.True(chart.Hourly);
        Assert.Equal(
            [(Now, 2, 1), (Now.AddHours(1), 0, 2), (Now.AddHours(2), 0, 0)],
            chart.Buckets.Select(b => (DateTime.SpecifyKind(b.Start, DateTimeKind.Utc), b.SignIns, b.Failures)));
        Assert.Equal([new FailureCause(AuditEventType.LoginFailed, "INVALID_TICKET", 2), new FailureCause(AuditEventType.LoginFailed, "TIMEOUT", 1)], chart.TopFailureCauses);
    }

    [Fact]
    public async Task Retention_deletes_old_events_and_records_the_purge()
    {
        await AddAsync(
            new AuditEvent(Now.AddDays(-40), AuditEventType.LoginSucceeded, "old1"),
            new AuditEvent(Now.AddDays(-31), AuditEventType.LoginSucceeded, "old2"),
            new AuditEvent(Now.AddDays(-1), AuditEventType.LoginSucceeded, "recent"));

        await using var db = database.NewContext();
        var audit = new AuditTrail(TestRequest.None, _clock);
        var removed = await new PurgeAuditLogHandler(db.UseAuditTrail(audit), audit, Options.Create(new AuditOptions { RetentionDays = 30 }), _clock, new PortalMetrics(new StandaloneMeterFactory()))
            .Handle(new PurgeAuditLogCommand(), default);

        Assert.Equal(2, removed);
        await using var read = database.NewContext();
        Assert.Equal(["recent", null], await read.AuditEvents.OrderBy(e => e.Id).Select(e => e.Username).ToListAsync());
        Assert.Equal(AuditEventType.AuditPurged, (await read.AuditEvents.OrderBy(e => e.Id).LastAsync()).Type);
    }

    [Fact]
    public async Task The_clean_up_closes_expired_sessions_and_deletes_long_ended_ones()
    {
        await using (var db = database.NewContext())
        {
            db.Sessions.Add(NewSession("idle", "carol", Now.AddHours(-1)));
            db.Sessions.Add(NewSession("fresh", "dave", Now.AddMinutes(-1)));
            var ended = NewSession("ended", "erin", Now.AddDays(-40));
            ended.End(Now.AddDays(-40), SessionEndReason.Logout);
            db.Sessions.Add(ended);
            await db.SaveChangesAsync();
        }

        await using (var db = database.NewContext())
        {
            var result = await new CloseExpiredSessionsHandler(db, Options.Create(new SessionOptions()), _clock)
                .Handle(new CloseExpiredSessionsCommand(), default);
            Assert.Equal((1, 1), (result.Expired, result.Deleted));
        }

        await using var read = database.NewContext();
        Assert.Equal(["carol", "dave"], await read.Sessions.OrderBy(s => s.CreatedAt).Select(s => s.Username).ToListAsync());
        Assert.Equal(SessionEndReason.Expired, (await read.Sessions.SingleAsync(s => s.Username == "carol")).EndReason);
        Assert.True(await read.AuditEvents.AnyAsync(e => e.Type == AuditEventType.SessionExpired && e.Username == "carol"));
    }

    [Fact]
    public async Task The_administrators_list_filters_by_user_prefix_and_sorts_names_byte_for_byte()
    {
        await using (var db = database.NewContext())
        {
            foreach (var (id, name) in new[] { ("1", "bob"), ("2", "Bobby"), ("3", "bo-b"), ("4", "boris"), ("5", "alice") })
            {
                db.Sessions.Add(NewSession(id, name, Now.AddMinutes(-5)));
            }

            await db.SaveChangesAsync();
        }

        await using var read = database.NewContext();
        var page = await new ListActiveSessionsHandler(read, _clock)
            .Handle(new ListActiveSessionsQuery("bo", SessionSort.Username, 1, 10), default);

        Assert.Equal(["bo-b", "bob", "boris"], page.Sessions.Select(s => s.Username));
        Assert.Equal(3, page.Matching);
    }

    [Fact]
    public async Task The_administrators_list_filters_by_address_prefix_and_by_browser_in_the_database()
    {
        await using (var db = database.NewContext())
        {
            db.Sessions.Add(new PortalSession("1", "chrome", "hash-1", new Dictionary<string, IReadOnlyList<string>>(), Now.AddMinutes(-5),
                TimeSpan.FromMinutes(30), TimeSpan.FromHours(8), "10.1.2.3", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0.0.0 Safari/537.36"));
            db.Sessions.Add(new PortalSession("2", "edge", "hash-2", new Dictionary<string, IReadOnlyList<string>>(), Now.AddMinutes(-5),
                TimeSpan.FromMinutes(30), TimeSpan.FromHours(8), "10.1.9.9", "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"));
            db.Sessions.Add(new PortalSession("3", "other", "hash-3", new Dictionary<string, IReadOnlyList<string>>(), Now.AddMinutes(-5),
                TimeSpan.FromMinutes(30), TimeSpan.FromHours(8), "10.10.0.1", null));
            await db.SaveChangesAsync();
        }

        await using var read = database.NewContext();
        var handler = new ListActiveSessionsHandler(read, _clock);
        var byPrefix = await handler.Handle(new ListActiveSessionsQuery(null, SessionSort.AddressDescending, 1, 10, Address: "10.1."), default);
        var chrome = await handler.Handle(new ListActiveSessionsQuery(null, SessionSort.Username, 1, 10, Browser: "Chrome"), default);

        Assert.Equal(["edge", "chrome"], byPrefix.Sessions.Select(s => s.Username));
        Assert.Equal(["chrome"], chrome.Sessions.Select(s => s.Username));
    }

    private static PortalSession NewSession(string id, string username, DateTime start) =>
        new(id, username, "hash-" + id, new Dictionary<string, IReadOnlyList<string>>(), start,
            TimeSpan.FromMinutes(30), TimeSpan.FromHours(8), "192.0.2.1", "Firefox");

    private async Task AddAsync(params AuditEvent[] events)
    {
        await using var db = database.NewContext();
        db.AuditEvents.AddRange(events);
        await db.SaveChangesAsync();
    }
}
