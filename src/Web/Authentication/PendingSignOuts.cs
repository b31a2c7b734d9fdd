using System.Collections.Concurrent;
using CasPortal.Application.Authentication.Logout;
using CasPortal.Web.Http;

namespace CasPortal.Web.Authentication;

/// <summary>
/// Sign-outs the database refused to record. The browser has already dropped its cookie; the session row stays active
/// until <see cref="PendingSignOutService"/> records the sign-out, with the time the user asked. Kept in this node's
/// memory only: a restart forgets them, and those sessions then end by their idle timeout.
/// </summary>
public sealed class PendingSignOuts
{
    /// <summary>Beyond this many the oldest wait for their idle timeout instead; it bounds the memory a bad day takes.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, PendingSignOut> _pending = new(StringComparer.Ordinal);

    public int Count => _pending.Count;

    public void Add(string sessionId, ClientOrigin origin, DateTime signedOutAt)
    {
        if (_pending.Count < Capacity)
        {
            _pending.TryAdd(sessionId, new PendingSignOut(sessionId, origin, signedOutAt));
        }
    }

    /// <summary>Tries to record every pending sign-out; those the database still refuses stay for the next round.</summary>
    public async Task RecordAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        foreach (var pending in _pending.Values)
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<HttpRequestContext>().ActFor(pending.Origin);
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            var result = await mediator.Send(new LogoutCommand(pending.SessionId, pending.SignedOutAt), cancellationToken);
            if (!result.Recorded)
            {
                return;
            }

            _pending.TryRemove(pending.SessionId, out _);
        }
    }

    private sealed record PendingSignOut(string SessionId, ClientOrigin Origin, DateTime SignedOutAt);
}

/// <summary>Every few seconds, records the sign-outs the database refused (<see cref="PendingSignOuts"/>).</summary>
internal sealed class PendingSignOutService(PendingSignOuts pending, IServiceProvider services, TimeProvider clock, ILogger<PendingSignOutService> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (pending.Count == 0)
            {
                continue;
            }

            try
            {
                await pending.RecordAsync(services, stoppingToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                WebLog.PendingSignOutsFailed(logger, failure.GetType().Name);
            }
        }
    }
}
