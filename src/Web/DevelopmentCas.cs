using CasPortal.DevCas;

namespace CasPortal.Web;

/// <summary>
/// The built-in CAS server stands in only in Development and only while no real one is configured; anywhere else a
/// missing Cas:ServerUrl stops start-up. This is the one file of the portal that uses the development CAS server's
/// project: it registers and mounts it at <see cref="Path"/>.
/// </summary>
public static class DevelopmentCas
{
    public const string Path = "/dev-cas";

    public static bool IsUsed(IConfiguration configuration, IHostEnvironment environment) =>
        environment.IsDevelopment()
        && string.IsNullOrWhiteSpace(configuration[$"{CasOptions.SectionName}:{nameof(CasOptions.ServerUrl)}"]);

    /// <summary>When it is used: the development CAS server's services, and the portal pointed at it.</summary>
    public static IServiceCollection AddDevelopmentCas(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, string publicBaseUrl)
    {
        if (!IsUsed(configuration, environment))
        {
            return services;
        }

        services.AddDevCas(configuration.GetSection("DevCas"));
        services.PostConfigure<DevCasOptions>(options =>
        {
            if (options.AllowedServicePrefixes.Count == 0)
            {
                options.AllowedServicePrefixes.Add(publicBaseUrl.TrimEnd('/') + "/");
            }

            // Development runs over plain HTTP, so the portal's own proxy callback is http too.
            options.AllowHttpProxyCallbacks = true;
        });
        services.PostConfigure<CasOptions>(options => options.ServerUrl = publicBaseUrl.TrimEnd('/') + Path);
        return services;
    }

    /// <summary>When it is used: the development CAS server's endpoints under <see cref="Path"/>.</summary>
    public static WebApplication MapDevelopmentCas(this WebApplication app)
    {
        if (IsUsed(app.Configuration, app.Environment))
        {
            app.MapDevCas(Path);
            WebLog.DevelopmentCasMounted(app.Logger, Path);
        }

        return app;
    }
}
