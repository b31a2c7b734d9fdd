using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CasPortal.Infrastructure.Persistence.Sqlite;

/// <summary>
/// SQLite takes one writer at a time, and a writer that finds it busy sleeps in SQLite's busy handler on a blocked
/// thread. So SaveChanges queues here, one queue per database file in this process, and hands the write lock over
/// without blocking a thread. The busy timeout (<see cref="SqliteConnectionSetup"/>) stays for other writers.
/// </summary>
internal sealed class SqliteWriteGate : SaveEndInterceptor
{
    public static readonly SqliteWriteGate Instance = new();

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>The gate each context holds while its save runs; released however the save ends.</summary>
    private readonly ConditionalWeakTable<DbContext, SemaphoreSlim> _held = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
        {
            var gate = GateOf(context);
            gate.Wait();
            _held.AddOrUpdate(context, gate);
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            var gate = GateOf(context);
            await gate.WaitAsync(cancellationToken);
            _held.AddOrUpdate(context, gate);
        }

        return result;
    }

    private static SemaphoreSlim GateOf(DbContext context) =>
        Gates.GetOrAdd(context.Database.GetConnectionString()!, _ => new SemaphoreSlim(1, 1));

    protected override void Committed(DbContext? context) => Release(context);

    protected override void NotCommitted(DbContext? context) => Release(context);

    private void Release(DbContext? context)
    {
        if (context is not null && _held.TryGetValue(context, out var gate) && _held.Remove(context))
        {
            gate.Release();
        }
    }
}
