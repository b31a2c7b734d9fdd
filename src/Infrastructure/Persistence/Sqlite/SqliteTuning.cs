namespace CasPortal.Infrastructure.Persistence.Sqlite;

/// <summary>
/// What the portal adds on top of EF Core's SQLite provider so that one file serves many concurrent requests: the
/// write gate, group commit, the per-connection settings, the signed-in pages' own prepared reads and the count of
/// session changes that lets them keep a row, the background checkpoint, and the native heap trim. Infrastructure's
/// DependencyInjection calls this only when the provider is SQLite; nothing else outside this folder refers to any of
/// it. Why each exists: docs/PERFORMANCE.md.
/// </summary>
internal static class SqliteTuning
{
    /// <param name="connectionString">The portal's SQLite connection string, asked for once the first request needs it.</param>
    public static IServiceCollection AddSqliteTuning(this IServiceCollection services, Func<string> connectionString)
    {
        services.ConfigureDbContext<PortalDbContext>(options => options.UseSqliteTuning(), ServiceLifetime.Singleton);
        services.AddSingleton<ISignedInReads>(_ => new SqliteSignedInReads(connectionString()));
        services.AddHostedService(_ => new SessionChangeCountersStartup(connectionString));
        services.AddHostedService<SqliteCheckpointService>();
        services.AddHostedService<NativeHeapTrimService>();
        return services;
    }

    /// <summary>The interceptors alone, for a context built by hand.</summary>
    public static DbContextOptionsBuilder UseSqliteTuning(this DbContextOptionsBuilder options) =>
        options.AddInterceptors(
            SqliteConnectionSetup.Instance, SqliteWriteGate.Instance, SessionChangeInterceptor.Instance, SqliteGroupCommit.Instance);
}
