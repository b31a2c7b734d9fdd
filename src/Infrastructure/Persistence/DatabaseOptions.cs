using Microsoft.Data.Sqlite;
using Npgsql;

namespace CasPortal.Infrastructure.Persistence;

/// <summary>The <c>Database</c> configuration section, with the connection string <c>ConnectionStrings:Portal</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    /// <summary><c>Sqlite</c> (one node) or <c>Postgres</c> (one node or several sharing the database).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// Apply pending migrations when a node starts. Off, the schema is upgraded only by the <c>migrate</c> command and a
    /// node reports not ready (/readyz) until it has been.
    /// </summary>
    public bool MigrateAtStartup { get; set; } = true;

    /// <summary>ConnectionStrings:Portal.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => IsPostgresProvider(Provider);

    public static bool IsPostgresProvider(string? provider) =>
        string.Equals(provider, Postgres, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Start-up checks with one plain message per bad value, naming the configuration key.</summary>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var key = $"ConnectionStrings:{DependencyInjection.ConnectionStringName}";
        var isSqlite = string.Equals(options.Provider, DatabaseOptions.Sqlite, StringComparison.OrdinalIgnoreCase);
        if (!isSqlite && !options.IsPostgres)
        {
            return ValidateOptionsResult.Fail(
                $"Database:Provider '{options.Provider}' is not supported: use {DatabaseOptions.Sqlite} (the default) or {DatabaseOptions.Postgres}.");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(options.IsPostgres
                ? $"{key} is required with Database:Provider Postgres, e.g. \"Host=db.example.edu;Database=casportal;Username=casportal;Password=…\"."
                : $"{key} is required, e.g. \"Data Source=App_Data/casportal.db\".");
        }

        // The messages never repeat the connection string: it may hold a password.
        return options.IsPostgres ? ValidatePostgres(options.ConnectionString, key) : ValidateSqlite(options.ConnectionString, key);
    }

    private static ValidateOptionsResult ValidatePostgres(string connectionString, string key)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception invalid) when (invalid is ArgumentException or FormatException or InvalidCastException)
        {
            return ValidateOptionsResult.Fail($"{key} is not a valid PostgreSQL connection string (Host=…;Database=…;Username=…;Password=…).");
        }

        var missing = new[] { ("Host", builder.Host), ("Database", builder.Database) }
            .Where(part => string.IsNullOrWhiteSpace(part.Item2))
            .Select(part => $"{key} names no {part.Item1}: PostgreSQL needs Host=… and Database=….")
            .ToList();
        return missing.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(missing);
    }

    private static ValidateOptionsResult ValidateSqlite(string connectionString, string key)
    {
        try
        {
            _ = new SqliteConnectionStringBuilder(connectionString);
            return ValidateOptionsResult.Success;
        }
        catch (Exception invalid) when (invalid is ArgumentException or FormatException or InvalidCastException)
        {
            return ValidateOptionsResult.Fail($"{key} is not a valid SQLite connection string, e.g. \"Data Source=App_Data/casportal.db\".");
        }
    }
}
