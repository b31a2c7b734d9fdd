using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace CasPortal.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Once a second, asks glibc's malloc to give the memory freed inside its per-thread heaps back to the operating system
/// (<c>malloc_trim</c>); otherwise glibc keeps it for the threads that ran SQLite, and the portal's resident memory
/// stays at its peak (docs/PERFORMANCE.md). With another C library the service stops after its first try.
/// </summary>
internal sealed partial class NativeHeapTrimService(TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (TrimNativeHeap() is null)
            {
                return;
            }
        }
    }

    /// <summary>
    /// True when memory went back to the operating system, false when there was none to give, null when the C library
    /// is not glibc.
    /// </summary>
    public static bool? TrimNativeHeap()
    {
        try
        {
            return MallocTrim(0) == 1;
        }
        catch (Exception notGlibc) when (notGlibc is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
