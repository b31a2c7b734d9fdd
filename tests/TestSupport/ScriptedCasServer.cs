using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CasPortal.TestSupport;

/// <summary>A CAS server on loopback that answers however a test scripts it: slow, broken, or not CAS at all.</summary>
public sealed class ScriptedCasServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScriptedCasServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>Path and query of every request received, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public Func<HttpContext, Task> Respond { get; set; } = context =>
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    };

    public static ScriptedCasServer Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        ScriptedCasServer? server = null;
        app.Run(context =>
        {
            server!.Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            return server.Respond(context);
        });
        app.StartAsync().GetAwaiter().GetResult();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new ScriptedCasServer(app, address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    public static Func<HttpContext, Task> Answer(int status, string contentType, string body) => async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body);
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The portal pointed at a <see cref="ScriptedCasServer"/> instead of its development CAS server.</summary>
public sealed class ScriptedCasPortalFactory : PortalFactory
{
    public ScriptedCasServer Cas { get; } = ScriptedCasServer.Start();

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Cas:ServerUrl"] = Cas.BaseUrl + "/cas",
        // Long enough for a loaded CI machine to answer in time, short enough for the hang tests to stay quick.
        ["Cas:ValidationTimeout"] = "00:00:04",
        ["Cas:MaxResponseBytes"] = "4096",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Cas.DisposeAsync();
    }
}
