using Microsoft.Extensions.Hosting;

namespace CasPortal.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Opens the database's count of session changes as the portal starts, so that a file the portal cannot create or map
/// stops the start with a clear message. Later, <see cref="SessionChangeInterceptor"/> finds the counts already open:
/// it runs while the write gate is held, where a failure to open them would leave the gate held.
/// </summary>
internal sealed class SessionChangeCountersStartup(Func<string> connectionString) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            SessionChangeCounters.Of(connectionString());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"The portal keeps a file beside its SQLite database, ending in \"{SessionChangeCounters.FileSuffix}\", and "
                + $"could not open it: {ex.Message} The portal's account must be able to create and write files in the "
                + "database's folder (docs/DEPLOYMENT.md).", ex);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
