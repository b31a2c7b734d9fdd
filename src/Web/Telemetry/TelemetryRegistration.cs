using CasPortal.Application.Common.Telemetry;
using CasPortal.Web.Health;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CasPortal.Web.Telemetry;

/// <summary>
/// Everything the <c>Telemetry</c> section switches: OpenTelemetry metrics (the portal's, ASP.NET Core's, HttpClient's,
/// the runtime's) and traces, the OTLP export, the Prometheus scrape endpoint, JSON console logs and the live-sessions
/// gauge. The values are checked at start-up with the other options; here only what decides the registrations is read.
/// </summary>
public static class TelemetryRegistration
{
    public static IServiceCollection AddPortalTelemetry(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();

        var settings = Read(configuration);
        if (settings.JsonConsoleLogs)
        {
            services.AddLogging(logging => logging.AddJsonConsole(json =>
            {
                // The activity-tracking scope carries the trace and span ids; the session scope its reference.
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            }));
        }

        if (!settings.Enabled)
        {
            return services;
        }

        // Sources and instrumentation apply to whichever providers exist; a provider is only built when something
        // exports from it, so with no exporter configured no span is even sampled.
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics
            .AddMeter(PortalTelemetry.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddRuntimeInstrumentation());
        // The portal's query strings carry tickets, logout requests and proxy-granting tickets. The instrumentation
        // redacts query values by default; these drop the query outright, whatever a deployment's switches say.
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddSource(PortalTelemetry.ActivitySourceName)
            .AddAspNetCoreInstrumentation(aspNetCore =>
            {
                aspNetCore.Filter = context => !IsOperationalPath(context, settings.ScrapePath);
                aspNetCore.EnrichWithHttpRequest = (span, _) => span.SetTag("url.query", null);
            })
            .AddHttpClientInstrumentation(httpClient => httpClient.EnrichWithHttpRequestMessage = (span, request) =>
            {
                if (request.RequestUri is { IsAbsoluteUri: true } uri)
                {
                    span.SetTag("url.full", uri.GetLeftPart(UriPartial.Path));
                }
            }));

        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(settings.ServiceName));
        var prometheus = settings.Prometheus ?? environment.IsDevelopment();
        if (prometheus || settings.OtlpEndpoint is not null)
        {
            // Only counted when something reads the gauge.
            services.AddHostedService<LiveSessionsRefresher>();
        }

        if (prometheus)
        {
            // No cached answers: only the allowed networks reach the endpoint, and each scrape should see every count so far.
            telemetry.WithMetrics(metrics => metrics.AddPrometheusExporter(exporter =>
            {
                exporter.ScrapeEndpointPath = settings.ScrapePath;
                exporter.ScrapeResponseCacheDurationMilliseconds = 0;
            }));
        }

        if (settings.OtlpEndpoint is { } endpoint)
        {
            telemetry.WithMetrics().WithTracing().UseOtlpExporter(settings.OtlpProtocol, endpoint);
        }

        return services;
    }

    /// <summary>The scrape endpoint, when on; to be placed after the forwarded-headers middleware, which sets the client address.</summary>
    public static WebApplication UsePortalTelemetry(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (options.Enabled && options.Prometheus.IsEnabledIn(app.Environment))
        {
            var access = new ScrapeAccess(options.Prometheus);
            // A request the predicate turns away goes on through the app, which has no such page: a plain 404.
            app.UseOpenTelemetryPrometheusScrapingEndpoint(
                meterProvider: null, predicate: access.Allows, path: null, configureBranchedPipeline: null, optionsName: null);
        }

        return app;
    }

    /// <summary>Log scopes name the signed-in session by its reference, so its lines can be followed, never by its id.</summary>
    public static WebApplication UseSessionLogScope(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CasPortal.Web.Session");
        app.Use(async (context, next) =>
        {
            if (Authentication.SessionPrincipal.SessionReferenceOf(context.User) is not { } reference)
            {
                await next(context);
                return;
            }

            using (logger.BeginScope("session {SessionRef}", reference))
            {
                await next(context);
            }
        });
        return app;
    }

    internal static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    internal static bool IsScrapePath(string? path) =>
        path is { Length: > 1 } && path[0] == '/' && !path.Any(c => c is '?' or '#' or ' ' || char.IsControl(c));

    /// <summary>Probes and scrapes arrive every few seconds and say nothing about users: not traced.</summary>
    private static bool IsOperationalPath(HttpContext context, string scrapePath)
    {
        var path = context.Request.Path;
        return path.Equals(HealthEndpoints.LivePath) || path.Equals(HealthEndpoints.ReadyPath) || path.Equals(HealthEndpoints.CasPath)
            || path.Equals(scrapePath, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The switches that decide what is registered, read leniently: a bad value is reported by the validator.</summary>
    private static Switches Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(TelemetryOptions.SectionName);
        var endpoint = section["Otlp:Endpoint"];
        var path = section["Prometheus:Path"];
        return new Switches(
            Enabled: !bool.TryParse(section["Enabled"], out var enabled) || enabled,
            ServiceName: section["ServiceName"] is { Length: > 0 } name ? name : new TelemetryOptions().ServiceName,
            Prometheus: bool.TryParse(section["Prometheus:Enabled"], out var prometheus) ? prometheus : null,
            ScrapePath: IsScrapePath(path) ? path! : new PrometheusTelemetryOptions().Path,
            OtlpEndpoint: !string.IsNullOrEmpty(endpoint) && IsHttpUrl(endpoint) ? new Uri(endpoint) : null,
            OtlpProtocol: new OtlpTelemetryOptions { Protocol = section["Otlp:Protocol"] ?? OtlpTelemetryOptions.Grpc }.ExportProtocol,
            JsonConsoleLogs: bool.TryParse(section["JsonConsoleLogs"], out var json) && json);
    }

    private sealed record Switches(
        bool Enabled,
        string ServiceName,
        bool? Prometheus,
        string ScrapePath,
        Uri? OtlpEndpoint,
        OpenTelemetry.Exporter.OtlpExportProtocol OtlpProtocol,
        bool JsonConsoleLogs);
}
