using Npgsql;

namespace CasPortal.TestSupport;

/// <summary>
/// A fresh, uniquely named PostgreSQL database for one test class, dropped afterwards, on the server named by
/// CASPORTAL_TEST_POSTGRES (./test.sh starts a private one and sets it). Without that variable the tests fail with a
/// message saying so; they never skip. Each database sorts text linguistically (ICU en-US), as a university's server
/// created with en_US.UTF-8 would, so a query that silently depends on byte order shows up here.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string Variable = "CASPORTAL_TEST_POSTGRES";

    private readonly string _serverConnectionString;

    private PostgresTestDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>The connection string of the new database, for ConnectionStrings:Portal.</summary>
    public string ConnectionString { get; }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set, so there is no PostgreSQL for this test. Run ./test.sh, which starts a private "
                + $"PostgreSQL on loopback and sets it, or export {Variable}=\"Host=…;Port=…;Username=…;Password=…;Database=postgres\" "
                + "naming a role that may create databases.");

    public static async Task<PostgresTestDatabase> CreateAsync(string purpose)
    {
        var database = new PostgresTestDatabase(ServerConnectionString, $"casportal_{purpose}_{Guid.NewGuid().ToString("N")[..12]}");
        await database.ExecuteOnServerAsync(
            $"CREATE DATABASE \"{database.Name}\" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        // FORCE terminates the sessions still connected, but PostgreSQL 15 refuses it ("must be a member of the role
        // whose process is being terminated") while an autovacuum worker happens to be in the new database; that
        // worker ends within moments, so the drop is retried for a few seconds before the failure is reported.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 40)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
