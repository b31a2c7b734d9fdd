using System.Threading.RateLimiting;
using CasPortal.Application.Common.Telemetry;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CasPortal.Web.Security;

/// <summary>The <c>RateLimits</c> configuration section: requests per minute per client address.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Sign-in starts and ticket callbacks (GET /login); a person needs a handful.</summary>
    public int SignInPerMinute { get; set; } = 120;

    /// <summary>Sign-out and the proxy callback.</summary>
    public int LogoutPerMinute { get; set; } = 120;

    /// <summary>Back-channel posts to /login: a CAS server logging many users out at once sends many.</summary>
    public int CasServerPostsPerMinute { get; set; } = 6000;
}

public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var errors = new List<string>();
        foreach (var (key, value) in new[]
                 {
                     (nameof(options.SignInPerMinute), options.SignInPerMinute),
                     (nameof(options.LogoutPerMinute), options.LogoutPerMinute),
                     (nameof(options.CasServerPostsPerMinute), options.CasServerPostsPerMinute),
                 })
        {
            if (value < 1)
            {
                errors.Add($"RateLimits:{key} '{value}' must be at least 1.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public static class RateLimiting
{
    public const string SignInPolicy = "sign-in";
    public const string LogoutPolicy = "logout";

    public static IServiceCollection AddPortalRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<PortalMetrics>().RateLimitRejected(PolicyOf(context.HttpContext));
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
            options.AddPolicy(SignInPolicy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return HttpMethods.IsPost(context.Request.Method)
                    ? PerMinute("cas-post:" + client, limits.CasServerPostsPerMinute)
                    : PerMinute("sign-in:" + client, limits.SignInPerMinute);
            });
            options.AddPolicy(LogoutPolicy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return PerMinute("logout:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), limits.LogoutPerMinute);
            });
        });
        return services;
    }

    /// <summary>The rejecting policy's name as the endpoint declares it; "global" for a limiter without one.</summary>
    private static string PolicyOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "global";

    private static RateLimitPartition<string> PerMinute(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
