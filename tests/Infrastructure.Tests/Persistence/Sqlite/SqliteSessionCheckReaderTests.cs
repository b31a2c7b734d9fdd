using CasPortal.Application.Common.Interfaces;
using CasPortal.Domain.Sessions;
using CasPortal.Infrastructure.Persistence;
using CasPortal.Infrastructure.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CasPortal.Infrastructure.Tests.Persistence.Sqlite;

/// <summary>The session check's own reads on SQLite, against EF Core's reading of the same rows.</summary>
public sealed class SqliteSessionCheckReaderTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 11, 27, 9, 0, 0, DateTimeKind.Utc);
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
        using var reader = new SqliteSessionCheckReader(_folder.ConnectionString);

        var row = await reader.ReadAsync(PortalSession.HashOfId(id), CancellationToken.None);

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

    [Fact]
    public async Task A_session_ended_after_a_read_is_seen_ended_at_the_very_next_read_on_the_same_open_connection()
    {
        await MigrateAsync();
        await using (var wal = NewContext())
        {
            await wal.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        var id = await SeedAsync(new Dictionary<string, IReadOnlyList<string>>());
        using var reader = new SqliteSessionCheckReader(_folder.ConnectionString);
        Assert.Null((await reader.ReadAsync(PortalSession.HashOfId(id), CancellationToken.None))!.EndedAt);

        await using (var db = NewContext())
        {
            (await db.Sessions.SingleAsync()).End(Now.AddMinutes(1), SessionEndReason.AdminRevoked);
            await db.SaveChangesAsync();
        }

        Assert.Equal(Now.AddMinutes(1), (await reader.ReadAsync(PortalSession.HashOfId(id), CancellationToken.None))!.EndedAt);
    }

    [Fact]
    public async Task An_unknown_session_reads_as_none()
    {
        await MigrateAsync();
        using var reader = new SqliteSessionCheckReader(_folder.ConnectionString);

        Assert.Null(await reader.ReadAsync(PortalSession.HashOfId(PortalSession.NewId()), CancellationToken.None));
    }

    [Fact]
    public void SQLite_reads_the_session_check_itself_and_PostgreSQL_through_the_requests_context()
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
            service => service.ServiceType == typeof(ISessionCheckReader));
    }

    private async Task<string> SeedAsync(Dictionary<string, IReadOnlyList<string>> attributes)
    {
        var id = PortalSession.NewId();
        await using var db = NewContext();
        db.Sessions.Add(new PortalSession(id, "alice", "ticket-hash", attributes, Now, TimeSpan.FromMinutes(30), TimeSpan.FromHours(8),
            "192.0.2.7", "Firefox"));
        await db.SaveChangesAsync();
        return id;
    }

    private async Task MigrateAsync()
    {
        await using var db = NewContext();
        await db.Database.MigrateAsync();
    }

    private PortalDbContext NewContext() =>
        new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(_folder.ConnectionString).Options)
            .Audited(TimeProvider.System);
}
