using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CasPortal.Web.Health;

/// <summary>
/// What a load balancer asks each node. <c>/healthz</c>: the process answers (runs no check). <c>/readyz</c>: every
/// registered check passes — the database answers and its migrations are applied — else 503 with a short reason.
/// Both answer plain text, are never cached, and are served straight from routing: no rate limit, no authentication,
/// no session lookup, whatever cookies come along. <c>/health/cas</c>: only the checks tagged <see cref="CasTag"/> (can
/// the CAS server be reached), for monitoring; readiness never runs them, so a CAS outage keeps the node in the load
/// balancer to serve the users already signed in.
/// </summary>
public static class HealthEndpoints
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";
    public const string CasPath = "/health/cas";
    public const string CasTag = "cas";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = (context, _) => WriteAsync(context, "alive"),
        }).ShortCircuit();

        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = registration => !registration.Tags.Contains(CasTag),
            ResponseWriter = (context, report) => WriteAsync(context, Describe(report)),
        }).ShortCircuit();

        endpoints.MapHealthChecks(CasPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(CasTag),
            ResponseWriter = (context, report) => WriteAsync(context, DescribeCas(report)),
        }).ShortCircuit();
        return endpoints;
    }

    /// <summary>"ready", or "not ready: " and the failing checks' own short descriptions; never an exception's text.</summary>
    public static string Describe(HealthReport report) => Summary(report, "ready", "not ready: ");

    /// <summary>"CAS reachable" or "CAS unreachable: " and the check's short description.</summary>
    public static string DescribeCas(HealthReport report) => Summary(report, "CAS reachable", "CAS unreachable: ");

    /// <summary>
    /// <paramref name="healthy"/>, or <paramref name="unhealthyPrefix"/> and each failing check's own description (its
    /// name when it threw or gave none), so an exception's text never reaches the answer.
    /// </summary>
    private static string Summary(HealthReport report, string healthy, string unhealthyPrefix) =>
        report.Status == HealthStatus.Healthy
            ? healthy
            : unhealthyPrefix + string.Join("; ", report.Entries
                .Where(entry => entry.Value.Status != HealthStatus.Healthy)
                .Select(entry => entry.Value.Exception is null && !string.IsNullOrEmpty(entry.Value.Description)
                    ? entry.Value.Description
                    : $"{entry.Key} check failed"));

    private static Task WriteAsync(HttpContext context, string text)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text);
    }
}
