using CasPortal.Application.Common.Interfaces;
using CasPortal.Infrastructure.Cas;
using CasPortal.Infrastructure.Persistence;
using CasPortal.Application.Audit.PurgeAuditLog;
using CasPortal.Application.Common.Options;
using CasPortal.Application.Sessions.CloseExpiredSessions;
using CasPortal.Infrastructure.BackgroundJobs;
using CasPortal.Infrastructure.LinkedServices;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CasPortal.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Portal";

    public static IServiceCollection AddInfrastructure(
        this IServiceCollection services,
        IConfiguration configuration,
        string contentRootPath)
    {
        var connectionString = SqliteConnectionString(
            configuration.GetConnectionString(ConnectionStringName), contentRootPath);

        services.AddDbContext<PortalDbContext>(options => options.UseSqlite(connectionString));
        services.AddScoped<IPortalDbContext>(provider => provider.GetRequiredService<PortalDbContext>());

        services.AddDataProtection()
            .SetApplicationName("CasPortal")
            .PersistKeysToDbContext<PortalDbContext>();

        services.AddHostedService<DatabaseMigrator>();
        services.AddRecurring<CloseExpiredSessionsCommand, CloseExpiredSessionsResult>(
            provider => provider.GetRequiredService<IOptions<SessionOptions>>().Value.CleanupInterval);
        services.AddRecurring<PurgeAuditLogCommand, int>(
            provider => provider.GetRequiredService<IOptions<AuditOptions>>().Value.PurgeInterval);
        services.AddCasGateway();
        services.AddHttpClient<ILinkedServiceClient, LinkedServiceClient>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .RemoveAllLoggers(); // request logs would print the query, which holds the proxy ticket
        return services;
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
}
