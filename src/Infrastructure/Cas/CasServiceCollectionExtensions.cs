using System.Net;
using CasPortal.Application;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CasPortal.Infrastructure.Cas;

public static class CasServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ICasGateway"/> as a typed client from <c>IHttpClientFactory</c>, the
    /// <see cref="ILogoutRequestReader"/>, and the protocol's start-up checks on <c>CasOptions</c>, which the Application
    /// layer binds. The Application layer registers the <see cref="TimeProvider"/> (timeouts, SAML 1.1 validity
    /// windows); the system clock stands in when it has not.
    /// </summary>
    public static IServiceCollection AddCasGateway(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddPortalMetrics();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CasOptions>, CasOptionsValidator>());
        services.TryAddSingleton<ILogoutRequestReader, LogoutRequestReader>();
        services.AddHttpClient<ICasGateway, CasGateway>(client =>
            {
                // CasGateway's own CancellationTokenSource (Cas:ValidationTimeout) bounds headers and body.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("CasPortal");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A redirect is an error here, never a second request. TLS certificate validation stays on.
                AllowAutoRedirect = false,
                // No cookie jar shared between users' validations.
                UseCookies = false,
                // Cas:MaxResponseBytes counts what arrives; nothing may inflate after the check.
                AutomaticDecompression = DecompressionMethods.None,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            // The factory's request logs hide the query only while System.Net.Http.DisableUriRedaction is off, and the
            // query holds the ticket. CasGatewayLog logs a hash of it instead.
            .RemoveAllLoggers();
        return services;
    }
}
