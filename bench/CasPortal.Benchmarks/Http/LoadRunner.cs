using System.Diagnostics;
using System.Net;
using CasPortal.Benchmarks.Common;

namespace CasPortal.Benchmarks.Http;

public sealed record LoadResult(string Name, int Connections, int Completed, int Failed, double Seconds, Stats? Latency, string? FirstError)
{
    public double PerSecond => Completed / Seconds;
}

/// <summary>
/// The .NET load generator: <c>connections</c> workers, each sending one operation at a time (closed loop), until
/// <c>maxCount</c> operations were started or <c>maxTime</c> has passed, whichever comes first. An operation throws
/// when its answer is not the expected one; failures are counted, not timed.
/// </summary>
public static class LoadRunner
{
    public static HttpClient NewClient(int connections) => new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        MaxConnectionsPerServer = connections,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static async Task<LoadResult> RunAsync(string name, int connections, int maxCount, TimeSpan maxTime, Func<int, Task> operation)
    {
        var next = -1;
        var failed = 0;
        string? firstError = null;
        var latencies = new List<double>[connections];
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = [];
            int i;
            while ((i = Interlocked.Increment(ref next)) < maxCount && Stopwatch.GetElapsedTime(started) < maxTime)
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    await operation(i);
                    mine.Add(Stats.Ms(t0));
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, ex.Message, null);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.SelectMany(l => l).ToList();
        return new LoadResult(name, connections, all.Count, failed, seconds, all.Count > 0 ? new Stats(all) : null, firstError);
    }

    public static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        // Read the whole body, as a browser would, before the next request on this connection.
        await response.Content.LoadIntoBufferAsync();
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} instead of {(int)status}");
        }
    }
}
