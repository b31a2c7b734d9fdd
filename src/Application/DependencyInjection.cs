using CasPortal.Application.Common.Behaviours;
using CasPortal.Application.Common.Telemetry;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CasPortal.Application;

public static class DependencyInjection
{
    public static IServiceCollection AddApplication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMediator((MediatorOptions options) =>
        {
            // Handlers use the scoped database context.
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(ValidationBehaviour<,>)];
            options.StreamPipelineBehaviors = [typeof(StreamValidationBehaviour<,>)];
        });
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton);

        services.AddOptions<PortalOptions>().Bind(configuration.GetSection(PortalOptions.SectionName)).ValidateOnStart();
        services.AddOptions<CasOptions>().Bind(configuration.GetSection(CasOptions.SectionName)).ValidateOnStart();
        services.AddOptions<SessionOptions>().Bind(configuration.GetSection(SessionOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PortalOptions>, PortalOptionsValidator>();
        services.AddSingleton<IValidateOptions<SessionOptions>, SessionOptionsValidator>();
        services.AddOptions<SingleLogoutOptions>().Bind(configuration.GetSection(SingleLogoutOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SingleLogoutOptions>, SingleLogoutOptionsValidator>();
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<AuditTrail>();
        // The web host registers the HTTP request's context; hosts without requests record no origin.
        services.TryAddScoped<IRequestContext, BackgroundRequestContext>();
        services.TryAddPortalMetrics();
        return services;
    }

    /// <summary>The portal's metrics, on the host's meter factory (which the exporters listen to) when there is one.</summary>
    public static IServiceCollection TryAddPortalMetrics(this IServiceCollection services)
    {
        services.TryAddSingleton(provider => new PortalMetrics(
            provider.GetService<IMeterFactory>() ?? new StandaloneMeterFactory()));
        return services;
    }
}
