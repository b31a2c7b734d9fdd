using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using CasPortal.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CasPortal.Infrastructure.Tests.Persistence;

/// <summary>The schema as migrations build it, on a real SQLite file.</summary>
public sealed class PortalDbContextTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 11, 27, 9, 0, 0, DateTimeKind.Utc);
    private readonly SqliteTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Migrations_build_an_empty_database_that_matches_the_model()
    {
        await using var db = NewContext();

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a migration: run dotnet ef migrations add");
        Assert.Empty(await db.Sessions.ToListAsync());
    }

    [Fact]
    public async Task A_session_keeps_every_attribute_value_in_order_and_is_found_by_its_ticket_hash()
    {
        await using (var db = await MigratedAsync())
        {
            db.Sessions.Add(new PortalSession("s1", "alice", "hash-1", new Dictionary<string, IReadOnlyList<string>>
            {
                ["memberOf"] = ["b", "a", "b & <c>"],
                ["mail"] = ["alice@example.edu"],
            }, Now, TimeSpan.FromMinutes(30), TimeSpan.FromHours(8), "2001:db8::1", "Firefox"));
            await db.SaveChangesAsync();
        }

        await using var read = NewContext();
        var session = await read.Sessions.SingleAsync(s => s.ServiceTicketHash == "hash-1");
        Assert.Equal(["b", "a", "b & <c>"], session.Attributes["memberOf"]);
        Assert.Equal(Now, session.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, session.CreatedAt.Kind);
        Assert.Equal("2001:db8::1", session.ClientIp);
    }

    [Fact]
    public async Task Changes_to_a_sessions_attributes_are_saved()
    {
        await using (var db = await MigratedAsync())
        {
            db.Sessions.Add(new PortalSession("s1", "alice", "h", new Dictionary<string, IReadOnlyList<string>>(),
                Now, TimeSpan.FromMinutes(30), TimeSpan.FromHours(8), null, null));
            await db.SaveChangesAsync();
            var session = await db.Sessions.SingleAsync();
            session.End(Now.AddMinutes(5), SessionEndReason.Logout);
            await db.SaveChangesAsync();
        }

        await using var read = NewContext();
        var ended = await read.Sessions.SingleAsync();
        Assert.Equal((SessionEndReason?)SessionEndReason.Logout, ended.EndReason);
        Assert.Equal(Now.AddMinutes(5), ended.EndedAt);
    }

    [Fact]
    public async Task Audit_events_come_back_newest_first_by_time_and_keep_their_fields()
    {
        await using (var db = await MigratedAsync())
        {
            db.AuditEvents.AddRange(
                new AuditEvent(Now, AuditEventType.LoginStarted, clientIp: "192.0.2.1"),
                new AuditEvent(Now.AddSeconds(2), AuditEventType.LoginSucceeded, "alice", "s1", "192.0.2.1", "Firefox", "Ticket #abc"),
                new AuditEvent(Now.AddSeconds(1), AuditEventType.LoginFailed, detail: "INVALID_TICKET: x"));
            await db.SaveChangesAsync();
        }

        await using var read = NewContext();
        var events = await read.AuditEvents.Where(e => e.OccurredAt >= Now).OrderByDescending(e => e.OccurredAt).ToListAsync();
        Assert.Equal([AuditEventType.LoginSucceeded, AuditEventType.LoginFailed, AuditEventType.LoginStarted], events.Select(e => e.Type));
        Assert.Equal(("alice", "s1", "Firefox", "Ticket #abc"), (events[0].Username, events[0].SessionReference, events[0].UserAgent, events[0].Detail));
    }

    [Fact]
    public void A_relative_database_file_lives_under_the_content_root_and_its_folder_is_created()
    {
        var connectionString = DependencyInjection.SqliteConnectionString("Data Source=App_Data/portal.db", _folder.Path);

        Assert.Equal(Path.Combine(_folder.Path, "App_Data", "portal.db"), new SqliteConnectionStringBuilder(connectionString).DataSource);
        Assert.True(Directory.Exists(Path.Combine(_folder.Path, "App_Data")));
    }

    [Theory]
    [InlineData("Host=db.example.edu;Database=casportal", 64)]
    [InlineData("Host=db.example.edu;Database=casportal;Max Auto Prepare=0", 0)]
    [InlineData("Host=db.example.edu;Database=casportal;maxautoprepare=10", 10)]
    public void PostgreSQL_prepares_repeated_statements_unless_the_connection_string_says_otherwise(string configured, int prepared)
    {
        var builder = new NpgsqlConnectionStringBuilder(DependencyInjection.PostgresConnectionString(configured));

        Assert.Equal((prepared, "db.example.edu", "casportal"), (builder.MaxAutoPrepare, builder.Host, builder.Database));
    }

    [Fact]
    public void A_missing_connection_string_names_the_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DependencyInjection.SqliteConnectionString(null, _folder.Path));

        Assert.Contains("ConnectionStrings:Portal", error.Message);
    }

    [Fact]
    public async Task The_session_check_keeps_the_connection_for_the_request_and_the_pool_closes_it_afterwards()
    {
        await (await MigratedAsync()).DisposeAsync();
        var services = new ServiceCollection()
            .AddDbContextPool<PortalDbContext>(options => options.UseSqlite(_folder.ConnectionString))
            .BuildServiceProvider();
        System.Data.Common.DbConnection connection;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.Null(await db.ReadForCheckAsync("no-such-session", CancellationToken.None));
            connection = db.Database.GetDbConnection();
            Assert.Equal(System.Data.ConnectionState.Open, connection.State);
            Assert.Empty(await db.Sessions.ToListAsync()); // the page's own query on the same connection
        }

        Assert.Equal(System.Data.ConnectionState.Closed, connection.State);
    }

    [Fact]
    public async Task Upgrading_a_database_that_keys_sessions_by_id_leaves_no_id_behind()
    {
        await using var db = NewContext();
        await SessionIdHashMigration.UpgradesAsync(db, "20261127112611_ProxyGrantingTickets");
    }

    private PortalDbContext NewContext() =>
        new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(_folder.ConnectionString).Options)
            .Audited(TimeProvider.System);

    private async Task<PortalDbContext> MigratedAsync()
    {
        var db = NewContext();
        await db.Database.MigrateAsync();
        return db;
    }
}
