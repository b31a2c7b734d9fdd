using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using CasPortal.Application.Common.Interfaces;
using CasPortal.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CasPortal.TestSupport;

/// <summary>
/// The real portal on Kestrel over loopback HTTP, with the built-in development CAS server and its own SQLite file.
/// The portal validates tickets by calling its development CAS server over HTTP, as it would a real one.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    private readonly string _dataFolder;
    private readonly bool _ownsDataFolder;

    public PortalFactory()
        : this(overKestrel: true)
    {
    }

    /// <param name="overKestrel">False hosts the portal in memory (TestServer), where a test picks the scheme and host.</param>
    /// <param name="dataFolder">A database folder shared with another portal (a restart, a second node); else a fresh one.</param>
    protected PortalFactory(bool overKestrel, string? dataFolder = null)
    {
        _ownsDataFolder = dataFolder is null;
        _dataFolder = dataFolder ?? Directory.CreateTempSubdirectory("casportal-tests-").FullName;
        Port = FreeLoopbackPort();
        if (overKestrel)
        {
            UseKestrel(options => options.Listen(IPAddress.Loopback, Port));
        }
    }

    /// <summary>A portal over the database in <paramref name="dataFolder"/>, which outlives it (a restart, a second node).</summary>
    public static PortalFactory SharingDatabase(string dataFolder) => new(overKestrel: true, dataFolder);

    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Every log line the portal wrote, to prove no ticket ever lands in one.</summary>
    public ConcurrentQueue<string> LogLines { get; } = new();

    /// <summary>False keeps the default rate limits (or those in <see cref="ExtraSettings"/>) for the rate-limit tests.</summary>
    protected virtual bool RelaxedRateLimits => true;

    /// <summary>Configuration a test class sets before the first browser starts the server.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Portal:PublicBaseUrl", BaseUrl);
        builder.UseSetting("ConnectionStrings:Portal", $"Data Source={Path.Combine(_dataFolder, "portal.db")}");
        if (RelaxedRateLimits)
        {
            // Every test browser comes from 127.0.0.1; the rate limits have their own tests.
            builder.UseSetting("RateLimits:SignInPerMinute", "100000");
            builder.UseSetting("RateLimits:LogoutPerMinute", "100000");
            builder.UseSetting("RateLimits:FailedSignInsPerMinute", "100000");
        }

        foreach (var (key, value) in ExtraSettings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(LogLines)));
    }

    /// <param name="cookies">A cookie jar to reuse, as a browser keeps its cookies across a server restart.</param>
    public PortalBrowser NewBrowser(CookieContainer? cookies = null)
    {
        StartServer();
        return new PortalBrowser(new Uri(BaseUrl), cookies);
    }

    public async Task<T> QueryAsync<T>(Func<PortalDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        // Resolved as the use cases resolve it, so a test's own saves write their audit records too.
        return await query((PortalDbContext)scope.ServiceProvider.GetRequiredService<IPortalDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownsDataFolder)
        {
            Directory.Delete(_dataFolder, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category} [{eventId.Id}] {formatter(state, exception)} {exception}");
    }
}
