using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CasPortal.Web.Health;

/// <summary>
/// What a load balancer asks each node. <c>/healthz</c>: the process answers (runs no check). <c>/readyz</c>: every
/// registered check passes — the database answers and its migrations are applied — else 503 with a short reason.
/// Both answer plain text, are never cached, and are served straight from routing: no rate limit, no authentication,
/// no session lookup, whatever cookies come along.
/// </summary>
public static class HealthEndpoints
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = (context, _) => WriteAsync(context, "alive"),
        }).ShortCircuit();

        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            ResponseWriter = (context, report) => WriteAsync(context, Describe(report)),
        }).ShortCircuit();
        return endpoints;
    }

    /// <summary>"ready", or "not ready: " and the failing checks' own short descriptions; never an exception's text.</summary>
    public static string Describe(HealthReport report) =>
        report.Status == HealthStatus.Healthy
            ? "ready"
            : "not ready: " + string.Join("; ", report.Entries
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
