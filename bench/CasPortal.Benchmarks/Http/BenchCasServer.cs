using CasPortal.DevCas;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CasPortal.Benchmarks.Http;

/// <summary>
/// The CAS server of the http suite: the development CAS server (src/DevCas) hosted in this process on a port of its
/// own. The portals then run in Production, as deployed (the portal mounts the development server only in
/// Development), and validate tickets over loopback HTTP as they would against a real CAS server.
/// </summary>
public sealed class BenchCasServer(WebApplication app, Uri url) : IAsyncDisposable
{
    /// <summary>Cas:ServerUrl for the portals.</summary>
    public Uri Url { get; } = url;

    /// <param name="users">Each signs in with the password <c>pw-</c> and its name.</param>
    public static async Task<BenchCasServer> StartAsync(int port, IReadOnlyList<string> users)
    {
        var settings = new Dictionary<string, string?>
        {
            // Every portal of the suite listens on 127.0.0.1, each on its own port.
            ["AllowedServicePrefixes:0"] = "http://127.0.0.1:",
            ["AllowHttpProxyCallbacks"] = "true",
            ["MaxSessions"] = "1000000",
        };
        for (var i = 0; i < users.Count; i++)
        {
            var key = $"Users:{i}:";
            settings[key + "Username"] = users[i];
            settings[key + "Password"] = "pw-" + users[i];
            settings[key + "Attributes:displayName:0"] = "Load " + users[i];
            settings[key + "Attributes:mail:0"] = users[i] + "@example.edu";
            settings[key + "Attributes:memberOf:0"] = "cn=students,ou=groups,dc=example,dc=edu";
            settings[key + "Attributes:memberOf:1"] = "cn=library,ou=groups,dc=example,dc=edu";
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddDevCas(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var app = builder.Build();
        app.MapDevCas("/cas");
        await app.StartAsync();
        return new BenchCasServer(app, new Uri($"http://127.0.0.1:{port}/cas"));
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
