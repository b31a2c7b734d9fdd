using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// Whether the CAS server answers at all: a GET of its login page that gets any HTTP answer below 500. It is reported
/// apart from readiness, because a node whose CAS server is down still serves everyone already signed in. A result is
/// reused for a few seconds, so however often the check is asked, the CAS server sees at most one probe per interval.
/// The description never carries an exception's text.
/// </summary>
public sealed class CasReachabilityCheck(IHttpClientFactory httpClients, IOptions<CasOptions> options, TimeProvider clock) : IHealthCheck
{
    public const string Name = "cas";
    public const string HttpClientName = "cas-reachability";

    /// <summary>How long one probe's result stands; a monitor polling more often sees the same answer.</summary>
    public static readonly TimeSpan ResultLifetime = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _probing = new(1, 1);
    private (DateTimeOffset At, HealthCheckResult Result)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        if (Fresh() is { } recent)
        {
            return recent;
        }

        await _probing.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } probedMeanwhile)
            {
                return probedMeanwhile;
            }

            var result = await ProbeAsync(cancellationToken);
            _last = (clock.GetUtcNow(), result);
            return result;
        }
        finally
        {
            _probing.Release();
        }
    }

    private HealthCheckResult? Fresh() =>
        _last is { } last && clock.GetUtcNow() - last.At < ResultLifetime ? last.Result : null;

    private async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var login = new Uri((options.Value.ServerUrl ?? string.Empty).TrimEnd('/') + "/login");
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName)
                .GetAsync(login, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return status < 500
                ? HealthCheckResult.Healthy($"CAS server reachable (HTTP {status})")
                : HealthCheckResult.Unhealthy($"CAS server answered HTTP {status}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The client's own timeout; a cancelled caller is not a result worth keeping, so that one propagates.
            return HealthCheckResult.Unhealthy("CAS server did not answer in time");
        }
        catch (HttpRequestException)
        {
            return HealthCheckResult.Unhealthy("CAS server unreachable");
        }
    }
}

public static class CasReachabilityCheckExtensions
{
    /// <summary>Adds <see cref="CasReachabilityCheck"/> with <paramref name="tag"/>, so an endpoint can report it alone.</summary>
    public static IHealthChecksBuilder AddCasReachabilityCheck(this IHealthChecksBuilder builder, string tag)
    {
        builder.Services.AddSingleton<CasReachabilityCheck>();
        builder.Services.AddHttpClient(CasReachabilityCheck.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(5))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .RemoveAllLoggers(); // one line per probe would drown the log
        return builder.AddCheck<CasReachabilityCheck>(CasReachabilityCheck.Name, tags: [tag], timeout: TimeSpan.FromSeconds(6));
    }
}
