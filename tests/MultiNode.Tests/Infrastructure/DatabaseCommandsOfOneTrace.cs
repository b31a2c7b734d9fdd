using System.Diagnostics;

namespace CasPortal.MultiNode.Tests.Infrastructure;

/// <summary>
/// Counts the PostgreSQL commands the nodes run for one traced browser request. The request carries the trace through
/// the load balancer to the node (W3C traceparent), and Npgsql records each command as an activity of that trace;
/// the nodes' background jobs run in traces of their own and are not counted.
/// </summary>
public sealed class DatabaseCommandsOfOneTrace : IDisposable
{
    private const string TestSourceName = "CasPortal.MultiNode.Tests";
    private static readonly ActivitySource Test = new(TestSourceName);
    private readonly ActivityListener _listener;
    private ActivityTraceId _trace;
    private int _count;

    public DatabaseCommandsOfOneTrace()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore" or "System.Net.Http" or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == "Npgsql" && activity.TraceId == _trace)
                {
                    Interlocked.Increment(ref _count);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public int Count => Volatile.Read(ref _count);

    public async Task<T> TraceAsync<T>(Func<Task<T>> request)
    {
        using var traced = Test.StartActivity("request")!;
        _trace = traced.TraceId;
        return await request();
    }

    public void Dispose() => _listener.Dispose();
}
