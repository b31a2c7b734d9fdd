using System.Globalization;
using System.Threading.RateLimiting;
using CasPortal.Application.Authentication;
using CasPortal.Application.Common.Telemetry;
using Microsoft.AspNetCore.RateLimiting;

namespace CasPortal.Web.Security;

/// <summary>
/// The <c>RateLimits</c> configuration section. The limits fall on what is abusive (tickets that fail, logout
/// requests, floods of sign-in starts, load on the CAS server), never on a ticket that CAS just issued to a browser
/// that started its sign-in here, so many people behind one address can sign in at once.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Sign-in starts (GET /login without a ticket) per client address and minute.</summary>
    public int SignInPerMinute { get; set; } = 1200;

    /// <summary>
    /// Failed ticket callbacks per client address and minute: tickets that came back without a sign-in the browser
    /// started, and tickets the CAS server refused. Past it, tickets without a matching state get 429 and tickets with
    /// one are still validated, one at a time for that address.
    /// </summary>
    public int FailedSignInsPerMinute { get; set; } = 60;

    /// <summary>Ticket validations in flight at the CAS server at once, from this node; more wait their turn.</summary>
    public int ConcurrentValidations { get; set; } = 32;

    /// <summary>Validations that may wait for a turn; past it the portal answers 503 (the CAS server is overloaded).</summary>
    public int QueuedValidations { get; set; } = 2000;

    /// <summary>Sign-outs, and separately proxy callbacks, per client address and minute.</summary>
    public int LogoutPerMinute { get; set; } = 120;

    /// <summary>
    /// Single-logout requests to /login per client address and minute: the back-channel posts (a CAS server logging
    /// many users out at once sends many) and the front-channel ones.
    /// </summary>
    public int CasServerPostsPerMinute { get; set; } = 6000;
}

public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var errors = new List<string>();
        foreach (var (key, value, minimum) in new[]
                 {
                     (nameof(options.SignInPerMinute), options.SignInPerMinute, 1),
                     (nameof(options.FailedSignInsPerMinute), options.FailedSignInsPerMinute, 1),
                     (nameof(options.ConcurrentValidations), options.ConcurrentValidations, 1),
                     (nameof(options.QueuedValidations), options.QueuedValidations, 0),
                     (nameof(options.LogoutPerMinute), options.LogoutPerMinute, 1),
                     (nameof(options.CasServerPostsPerMinute), options.CasServerPostsPerMinute, 1),
                 })
        {
            if (value < minimum)
            {
                errors.Add($"RateLimits:{key} '{value}' must be at least {minimum}.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public static class RateLimiting
{
    /// <summary>The endpoint policy of /login; it picks one of the policies below by what the request is.</summary>
    public const string SignInPolicy = "sign-in";

    /// <summary>GET /login without a ticket, per address.</summary>
    public const string SignInStartsPolicy = "sign-in-starts";

    /// <summary>Failed ticket callbacks, per address (<see cref="SignInThrottle"/>).</summary>
    public const string FailedSignInsPolicy = "failed-sign-ins";

    /// <summary>Ticket validations in flight at the CAS server, in total (<see cref="SignInThrottle"/>).</summary>
    public const string CasValidationsPolicy = "cas-validations";

    /// <summary>Back- and front-channel single-logout requests to /login, per address.</summary>
    public const string SingleLogoutPolicy = "single-logout";

    /// <summary>Sign-out (/logout), per address.</summary>
    public const string SignOutPolicy = "logout";

    /// <summary>The CAS server's proxy callback (/proxy-callback), per address.</summary>
    public const string ProxyCallbackPolicy = "proxy-callback";

    public static IServiceCollection AddPortalRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddSingleton<SignInThrottle>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<PortalMetrics>().RateLimitRejected(PolicyOf(context.HttpContext));
                SetRetryAfter(context.HttpContext.Response,
                    context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1));
                return ValueTask.CompletedTask;
            };
            options.AddPolicy(SignInPolicy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var client = ClientAddress(context);
                var request = context.Request;
                if (HttpMethods.IsPost(request.Method))
                {
                    // A ticket posted (Cas:LoginMethod Post) by a browser that started its sign-in here is never limited.
                    return SignInStateCookie.Holds(request, request.Query[ServiceUrls.SignInStateParameter])
                        ? RateLimitPartition.GetNoLimiter(SignInPolicy)
                        : PerMinute(SingleLogoutPolicy, client, limits.CasServerPostsPerMinute);
                }

                if (request.Query.ContainsKey("logoutRequest") || request.Query.ContainsKey("SAMLRequest"))
                {
                    return PerMinute(SingleLogoutPolicy, client, limits.CasServerPostsPerMinute);
                }

                // Ticket callbacks are judged by the ticket handler (SignInThrottle), which can tell a ticket this browser asked for.
                return request.Query.ContainsKey("ticket")
                    ? RateLimitPartition.GetNoLimiter(SignInPolicy)
                    : PerMinute(SignInStartsPolicy, client, limits.SignInPerMinute);
            });
            options.AddPolicy(SignOutPolicy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return PerMinute(SignOutPolicy, ClientAddress(context), limits.LogoutPerMinute);
            });
            options.AddPolicy(ProxyCallbackPolicy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return PerMinute(ProxyCallbackPolicy, ClientAddress(context), limits.LogoutPerMinute);
            });
        });
        return services;
    }

    public static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>Retry-After in whole seconds (at least one), which the 429 page reads to say when to try again.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan retryAfter) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>The rejecting policy's name as the endpoint declares it; "global" for a limiter without one.</summary>
    private static string PolicyOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "global";

    private static RateLimitPartition<string> PerMinute(string policy, string client, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(policy + ":" + client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
