using System.Xml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CasPortal.DevCas;

/// <summary>
/// A minimal CAS server for development only: protocol 1.0, 2.0 and 3.0 (XML and JSON) service and proxy tickets,
/// SAML 1.1 validation, proxy-granting tickets, <c>method=POST</c> and back-channel single logout. Users come from
/// configuration, tickets live in memory (one process).
/// </summary>
public static class DevCasExtensions
{
    /// <summary>
    /// Binds <see cref="DevCasOptions"/> from <paramref name="section"/> ("DevCas"), registers the registry and the
    /// "DevCas" named HttpClient used for proxy callbacks, single logout and the sample service.
    /// </summary>
    public static IServiceCollection AddDevCas(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);

        // Checked at start-up, so that a configuration mistake fails loudly instead of at the first validation.
        services.AddOptions<DevCasOptions>()
            .Bind(section)
            .Validate(o => o.TicketLifetime > TimeSpan.Zero, "DevCas:TicketLifetime must be positive.")
            .Validate(o => o.SessionLifetime > TimeSpan.Zero, "DevCas:SessionLifetime must be positive.")
            .Validate(o => o.MaxSessions > 0, "DevCas:MaxSessions must be at least 1.")
            .Validate(
                o => o.Users.All(u => u.Username.Length > 0) &&
                     o.Users.DistinctBy(u => u.Username, StringComparer.Ordinal).Count() == o.Users.Count,
                "DevCas:Users must have non-empty, distinct usernames.")
            .Validate(
                o => o.Users.SelectMany(u => u.Attributes.Keys).All(IsXmlName),
                "DevCas:Users attribute names must be XML names (letters, digits, '-', '_', '.'), as each becomes a cas:{name} element.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DevCasTicketRegistry>();
        services.TryAddSingleton<DevCasBackChannel>();
        services.AddHttpClient(DevCasBackChannel.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(5))
            // A proxy callback must answer 200 itself: a redirect (to a login page, say) is not a delivery.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            // The default handler logs request URLs, and the proxy callback's URL carries the PGT in its query.
            .RemoveAllLoggers();
        return services;
    }

    /// <summary>
    /// Maps under <paramref name="pathPrefix"/>: /login (GET, POST), /logout (GET, POST), /validate, /serviceValidate,
    /// /proxyValidate, /p3/serviceValidate, /p3/proxyValidate, /proxy, /samlValidate (POST) and /sample-service.
    /// </summary>
    public static IEndpointRouteBuilder MapDevCas(this IEndpointRouteBuilder endpoints, string pathPrefix = "/dev-cas")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (!pathPrefix.StartsWith('/') || pathPrefix.Trim('/').Length == 0)
        {
            throw new ArgumentException("The prefix must be a path below the root, such as \"/dev-cas\".", nameof(pathPrefix));
        }

        var prefix = pathPrefix.TrimEnd('/');
        var handlers = new DevCasEndpoints(prefix);
        var group = endpoints.MapGroup(prefix)
            // The CAS server is where users sign in: it must never require the portal's own sign-in.
            .AllowAnonymous()
            .AddEndpointFilter(async (invocation, next) =>
            {
                // Sign-in pages, tickets and validation answers must not be kept by browsers or proxies.
                invocation.HttpContext.Response.Headers.CacheControl = "no-store";
                return await next(invocation);
            });

        group.MapGet("/login", handlers.GetLogin);
        group.MapPost("/login", handlers.PostLogin);
        group.MapGet("/logout", handlers.Logout);
        group.MapPost("/logout", handlers.Logout);
        group.MapGet("/validate", DevCasEndpoints.Validate);
        group.MapGet("/serviceValidate", DevCasEndpoints.Validation(acceptProxyTickets: false, cas3: false));
        group.MapGet("/proxyValidate", DevCasEndpoints.Validation(acceptProxyTickets: true, cas3: false));
        group.MapGet("/p3/serviceValidate", DevCasEndpoints.Validation(acceptProxyTickets: false, cas3: true));
        group.MapGet("/p3/proxyValidate", DevCasEndpoints.Validation(acceptProxyTickets: true, cas3: true));
        group.MapGet("/proxy", DevCasEndpoints.Proxy);
        group.MapPost("/samlValidate", DevCasEndpoints.SamlValidate);
        group.MapGet("/sample-service", handlers.SampleService);
        return endpoints;
    }

    private static bool IsXmlName(string name) =>
        name.Length > 0 && XmlConvert.IsStartNCNameChar(name[0]) && name.All(XmlConvert.IsNCNameChar);
}
