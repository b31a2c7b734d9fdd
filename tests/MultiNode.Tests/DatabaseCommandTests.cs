using System.Net;
using CasPortal.Infrastructure.Persistence;
using CasPortal.MultiNode.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.MultiNode.Tests;

/// <summary>Choosing the database, and upgrading it with the one documented command before the nodes start.</summary>
public sealed class DatabaseCommandTests
{
    [Fact]
    public async Task The_migrate_command_brings_a_fresh_PostgreSQL_database_up_to_date_and_nodes_that_do_not_migrate_are_then_ready()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("migrate_cmd");

        var (exitCode, output, errors) = await PortalProcess.RunAsync(["migrate"],
            ("Database__Provider", "Postgres"),
            ("ConnectionStrings__Portal", database.ConnectionString));

        Assert.True(exitCode == 0, errors + output);
        await using (var db = new PostgresPortalDbContext(
            new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(database.ConnectionString).Options))
        {
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        }

        var settings = TwoNodeCluster.NodeSettings(database.ConnectionString, "http://127.0.0.1");
        settings["Database:MigrateAtStartup"] = "false";
        await using var node = new PortalNode("upgraded", settings);
        node.StartServer();
        using var client = new HttpClient { BaseAddress = new Uri(node.BaseUrl) };
        var ready = await client.GetAsync("/readyz");
        Assert.Equal((HttpStatusCode.OK, "ready"), (ready.StatusCode, await ready.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("Oracle", "Data Source=x.db", "Database:Provider 'Oracle' is not supported: use Sqlite (the default) or Postgres.")]
    [InlineData("Postgres", "", "ConnectionStrings:Portal is required with Database:Provider Postgres")]
    [InlineData("Postgres", "Host=db.example.edu;Password=sekrit-pw", "ConnectionStrings:Portal names no Database")]
    public async Task A_bad_database_setting_stops_start_up_and_the_migrate_command_with_a_plain_message(
        string provider, string connectionString, string message)
    {
        foreach (var arguments in new[] { new[] { "--urls", "http://127.0.0.1:0" }, ["migrate"] })
        {
            var (exitCode, _, errors) = await PortalProcess.RunAsync(arguments,
                ("Portal__PublicBaseUrl", "https://portal.example.edu"),
                ("Cas__ServerUrl", "https://cas.example.edu/cas"),
                ("Database__Provider", provider),
                ("ConnectionStrings__Portal", connectionString));

            Assert.Equal(1, exitCode);
            Assert.Contains("CasPortal cannot start; fix the configuration:", errors);
            Assert.Contains(message, errors);
            Assert.DoesNotContain("sekrit-pw", errors);
        }
    }
}
