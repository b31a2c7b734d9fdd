using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CasPortal.MultiNode.Tests.Infrastructure;

/// <summary>
/// The cluster's one public address: a small reverse proxy on loopback that forwards each request to the node the test
/// chose (<see cref="Target"/>), adding X-Forwarded-For/-Proto as a real load balancer does. Requests for the
/// development CAS server always go to <see cref="CasNode"/>, since the tickets it issues live in that node's memory
/// (a real CAS server is a service of its own).
/// </summary>
public sealed class LoadBalancer : IAsyncDisposable
{
    /// <summary>The browser's address as the load balancer reports it (a documentation address, never contacted).</summary>
    public const string ClientAddress = "198.51.100.7";

    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "TE", "Trailer", "Upgrade",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

    private LoadBalancer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    public PortalNode? Target { get; set; }

    public PortalNode? CasNode { get; set; }

    /// <summary>Every request forwarded: which node served it, the method, and the path with its query.</summary>
    public ConcurrentQueue<(string Node, string Method, string PathAndQuery)> Served { get; } = new();

    public static LoadBalancer Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var balancer = new LoadBalancer(app);
        app.Run(balancer.ForwardAsync);
        app.StartAsync().GetAwaiter().GetResult();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        balancer.BaseUrl = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
        return balancer;
    }

    /// <summary>The node that served the last request whose path and query start with <paramref name="prefix"/>.</summary>
    public string LastServedBy(string method, string prefix) =>
        Served.Last(s => s.Method == method && s.PathAndQuery.StartsWith(prefix, StringComparison.Ordinal)).Node;

    private async Task ForwardAsync(HttpContext context)
    {
        var node = (context.Request.Path.StartsWithSegments("/dev-cas") ? CasNode : Target)
            ?? throw new InvalidOperationException("The test chose no node for the load balancer.");
        var pathAndQuery = context.Request.Path + context.Request.QueryString;
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), node.BaseUrl + pathAndQuery);
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (!NotForwarded.Contains(name) && !request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        request.Headers.Add("X-Forwarded-For", ClientAddress);
        request.Headers.Add("X-Forwarded-Proto", context.Request.Scheme);
        Served.Enqueue((node.Name, context.Request.Method, pathAndQuery));

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!NotForwarded.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }
}
