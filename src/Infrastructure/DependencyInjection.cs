using System.Data.Common;
using CasPortal.Application;
using CasPortal.Infrastructure.Cas;
using CasPortal.Infrastructure.Persistence;
using CasPortal.Infrastructure.Persistence.Sqlite;
using CasPortal.Application.Audit;
using CasPortal.Application.Audit.PurgeAuditLog;
using CasPortal.Application.Sessions.CloseExpiredSessions;
using CasPortal.Infrastructure.BackgroundJobs;
using CasPortal.Infrastructure.DataProtection;
using CasPortal.Infrastructure.LinkedServices;
using Mediator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace CasPortal.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Portal";

    public static IServiceCollection AddInfrastructure(
        this IServiceCollection services,
        IConfiguration configuration,
        string contentRootPath)
    {
        services.AddPortalDatabase(configuration, contentRootPath);

        services.AddDataProtection()
            .SetApplicationName("CasPortal")
            .PersistKeysToDbContext<PortalDbContext>()
            .AddKeyRingProtection(configuration);

        services.AddHostedService<DatabaseMigrator>();
        // Every registered check is a readiness check (/readyz); liveness (/healthz) runs none.
        services.AddHealthChecks().AddCheck<DatabaseReadinessCheck>(DatabaseReadinessCheck.Name, timeout: TimeSpan.FromSeconds(5));
        services.AddRecurring<CloseExpiredSessionsCommand, CloseExpiredSessionsResult>(
            provider => provider.GetRequiredService<IOptions<SessionOptions>>().Value.CleanupInterval);
        services.AddRecurring<PurgeAuditLogCommand, int>(
            provider => provider.GetRequiredService<IOptions<AuditOptions>>().Value.PurgeInterval);
        services.AddCasGateway();
        services.AddSingleton<ILinkedServiceClient, LinkedServiceClient>();
        services.AddHttpClient(LinkedServiceClient.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .RemoveAllLoggers(); // request logs would print the query, which holds the proxy ticket
        return services;
    }

    /// <summary>
    /// The portal's database on the configured provider. The context type is chosen here, because each provider has
    /// its own migrations; the connection string is checked with the other options when the host starts, so a bad
    /// value stops start-up with a plain message before anything touches the database.
    /// </summary>
    private static void AddPortalDatabase(this IServiceCollection services, IConfiguration configuration, string contentRootPath)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .Configure(options => options.ConnectionString = connectionString)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        services.TryAddPortalMetrics();
        services.AddSingleton<AuditMetricsInterceptor>();

        // Pooled: a request rents a context that has already built its internal services instead of building them
        // again; the context keeps no state of its own beyond what EF Core resets on return.
        if (DatabaseOptions.IsPostgresProvider(configuration[$"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.Provider)}"]))
        {
            services.AddDbContextPool<PortalDbContext, PostgresPortalDbContext>((provider, options) => options
                .UseNpgsql(PostgresConnectionString(connectionString))
                .AddInterceptors(provider.GetRequiredService<AuditMetricsInterceptor>()));
        }
        else
        {
            var sqlite = new Lazy<string>(() => SqliteConnectionString(connectionString, contentRootPath));
            services.AddDbContextPool<PortalDbContext>((provider, options) => options
                .UseSqlite(sqlite.Value)
                .AddInterceptors(provider.GetRequiredService<AuditMetricsInterceptor>()));
            services.AddSqliteTuning(() => sqlite.Value);
        }

        // Where the provider has no cheaper reads of its own, they go through the request's context.
        services.TryAddScoped<ISignedInReads>(provider => provider.GetRequiredService<PortalDbContext>());

        services.AddScoped<IPortalDbContext>(provider =>
            provider.GetRequiredService<PortalDbContext>().UseAuditTrail(provider.GetRequiredService<AuditTrail>()));
    }

    /// <summary>
    /// The <c>migrate</c> command: applies pending migrations to the configured database and returns, without starting
    /// the server. Bad configuration surfaces as the same <see cref="OptionsValidationException"/> start-up throws.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        _ = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await DatabaseMigrator.MigrateAsync(
            services.GetRequiredService<IServiceScopeFactory>(),
            services.GetRequiredService<ILogger<DatabaseMigrator>>(),
            cancellationToken);
    }

    private static void AddRecurring<TCommand, TResult>(this IServiceCollection services, Func<IServiceProvider, TimeSpan> interval)
        where TCommand : ICommand<TResult>, new() =>
        services.AddHostedService(provider => new RecurringCommandService<TCommand, TResult>(
            provider.GetRequiredService<IServiceScopeFactory>(),
            () => interval(provider),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<RecurringCommandService<TCommand, TResult>>>()));

    /// <summary>
    /// Resolves a relative SQLite file against the app's content root (not the shell's working folder) and creates its
    /// folder, so `dotnet run` works from anywhere on a fresh machine.
    /// </summary>
    internal static string SqliteConnectionString(string? configured, string contentRootPath)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is required, e.g. \"Data Source=App_Data/casportal.db\".");
        }

        var builder = new SqliteConnectionStringBuilder(configured);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(contentRootPath, file));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }
        return builder.ToString();
    }

    /// <summary>
    /// Turns on Npgsql's automatic preparation unless the connection string sets its own: every request repeats the
    /// same few statements (the session check first), and a prepared one skips the server's parse and plan. Behind a
    /// pooler that cannot keep prepared statements, the operator sets Max Auto Prepare=0 (docs/DEPLOYMENT.md).
    /// </summary>
    internal static string PostgresConnectionString(string? configured)
    {
        // The keywords as written: Npgsql's own builder reports every keyword it knows, set or not.
        var builder = new DbConnectionStringBuilder { ConnectionString = configured };
        if (!builder.Keys.Cast<string>().Any(keyword => keyword.Replace(" ", "", StringComparison.Ordinal)
                .Equals(nameof(NpgsqlConnectionStringBuilder.MaxAutoPrepare), StringComparison.OrdinalIgnoreCase)))
        {
            builder["Max Auto Prepare"] = PreparedStatementsPerConnection;
        }

        return builder.ToString();
    }

    /// <summary>More than the portal's distinct statements on its busy paths, so that none is pushed out by another.</summary>
    private const int PreparedStatementsPerConnection = 64;
}
