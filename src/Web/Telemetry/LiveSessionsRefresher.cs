using CasPortal.Application.Common.Telemetry;
using CasPortal.Application.Sessions.CountLiveSessions;

namespace CasPortal.Web.Telemetry;

/// <summary>
/// Keeps the <c>casportal.sessions.live</c> gauge current: one count every Telemetry:LiveSessionsRefreshInterval,
/// however often the metrics are read, instead of a count of the session table per scrape.
/// </summary>
public sealed partial class LiveSessionsRefresher(
    IServiceScopeFactory scopes,
    PortalMetrics metrics,
    IOptions<TelemetryOptions> options,
    TimeProvider clock,
    ILogger<LiveSessionsRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LiveSessionsRefreshInterval, clock);
        do
        {
            await CountAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One count; a failure (the database still migrating, or away) keeps the previous value until the next.</summary>
    public async Task CountAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var count = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CountLiveSessionsQuery(), cancellationToken);
            metrics.LiveSessionsCounted(count);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            CountFailed(logger, failure.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Live sessions could not be counted ({Failure}); the gauge keeps its last value")]
    private static partial void CountFailed(ILogger logger, string failure);
}
