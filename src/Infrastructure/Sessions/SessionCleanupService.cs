using CasPortal.Application.Common.Options;
using CasPortal.Application.Sessions.CloseExpiredSessions;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CasPortal.Infrastructure.Sessions;

/// <summary>
/// Runs the session clean-up every Sessions:CleanupInterval. Expired sessions are refused on their next request
/// anyway; this closes the ones nobody comes back to and keeps the table bounded.
/// </summary>
internal sealed partial class SessionCleanupService(
    IServiceScopeFactory scopes,
    IOptions<SessionOptions> options,
    TimeProvider clock,
    ILogger<SessionCleanupService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<IMediator>()
                    .Send(new CloseExpiredSessionsCommand(), stoppingToken);
                if (result.Expired > 0 || result.Deleted > 0)
                {
                    CleanedUp(logger, result.Expired, result.Deleted);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A locked or unavailable database must not stop the service; the next tick tries again.
                CleanupFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Session clean-up: {Expired} expired, {Deleted} old ended sessions deleted")]
    private static partial void CleanedUp(ILogger logger, int expired, int deleted);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Session clean-up failed; retrying at the next interval")]
    private static partial void CleanupFailed(ILogger logger, Exception exception);
}
