using CasPortal.Infrastructure.Persistence;
using Mediator;
using Microsoft.Extensions.Hosting;

namespace CasPortal.Infrastructure.BackgroundJobs;

/// <summary>
/// Sends one command now and then every <c>interval</c>, each time in its own scope: session clean-up and audit
/// retention. A failed run is logged and tried again at the next tick; it never stops the service. With several nodes,
/// a run whose job another node is running is skipped (<see cref="JobLock"/>).
/// </summary>
internal sealed class RecurringCommandService<TCommand, TResult>(
    IServiceScopeFactory scopes,
    Func<TimeSpan> interval,
    TimeProvider clock,
    ILogger<RecurringCommandService<TCommand, TResult>> logger) : BackgroundService
    where TCommand : ICommand<TResult>, new()
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Read here rather than at construction: options are validated when the host starts, after services are built.
        using var timer = new PeriodicTimer(interval(), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await using var jobLock = await JobLock.TryAcquireAsync(
                    scope.ServiceProvider.GetRequiredService<PortalDbContext>(), typeof(TCommand).Name, stoppingToken);
                if (jobLock is null)
                {
                    BackgroundJobLog.Skipped(logger, typeof(TCommand).Name);
                    continue;
                }

                var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new TCommand(), stoppingToken);
                BackgroundJobLog.Finished(logger, typeof(TCommand).Name, result?.ToString() ?? string.Empty);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                BackgroundJobLog.Failed(logger, typeof(TCommand).Name, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

internal static partial class BackgroundJobLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "{Job} finished: {Result}")]
    public static partial void Finished(ILogger logger, string job, string result);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "{Job} failed; it runs again at the next interval")]
    public static partial void Failed(ILogger logger, string job, Exception exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "{Job} skipped: another node is running it")]
    public static partial void Skipped(ILogger logger, string job);
}
