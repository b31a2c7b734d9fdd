using System.Data.Common;
using System.Runtime.CompilerServices;
using CasPortal.Domain.Sessions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CasPortal.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Counts every save that adds, changes or deletes session rows in <see cref="SessionChangeCounters"/>: begun before its
/// commit, finished after, however the save ends; a changed or deleted row in its own bucket and its user's, an added
/// row in its user's only (nothing can have kept a row that did not exist, but its user's list of sessions grows).
/// Every change to a session (its end, for any reason, and its "last seen" mark) is such a save, so a process that
/// keeps a row or a user's list learns of it before the next request reads them.
/// </summary>
/// <remarks>
/// The background clean-up's bulk delete removes only sessions that had already ended, which no process keeps.
/// A save inside a transaction of the caller's is counted finished only when that transaction commits, rolls back or
/// fails, since its rows change at the commit. Nothing here may throw: an exception from a saving interceptor skips
/// EF Core's report of the failed save, and the write gate taken before this interceptor would stay held.
/// </remarks>
internal sealed class SessionChangeInterceptor : SaveEndInterceptor, IDbTransactionInterceptor
{
    public static readonly SessionChangeInterceptor Instance = new();

    /// <summary>The buckets each context's save under way has counted as begun.</summary>
    private readonly ConditionalWeakTable<DbContext, Begun> _begun = new();

    protected override void Committed(DbContext? context) => FinishSaveCounting(context);

    protected override void NotCommitted(DbContext? context) => FinishSaveCounting(context);

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => FinishCounting(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        FinishCounting(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => FinishCounting(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        FinishCounting(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => FinishCounting(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        FinishCounting(eventData.Context);
        return Task.CompletedTask;
    }

    protected override void Saving(DbContext context)
    {
        // The save scans every tracked entity for changes right after this; here only the sessions are scanned, each on
        // its own, rather than everything twice.
        var tracker = context.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        List<int>? buckets = null;
        try
        {
            foreach (var entry in tracker.Entries<PortalSession>())
            {
                if (detect && entry.State == EntityState.Unchanged)
                {
                    entry.DetectChanges();
                }

                if (entry.State is EntityState.Modified or EntityState.Deleted)
                {
                    buckets ??= [];
                    buckets.Add(SessionChangeCounters.BucketOf(entry.Entity.IdHash));
                    buckets.Add(SessionChangeCounters.BucketOfUser(entry.Entity.Username));
                }
                else if (entry.State is EntityState.Added)
                {
                    // A new session changes only its user's list of sessions.
                    buckets ??= [];
                    buckets.Add(SessionChangeCounters.BucketOfUser(entry.Entity.Username));
                }
            }
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }

        if (buckets is null)
        {
            return;
        }

        var counters = SessionChangeCounters.Of(context.Database.GetConnectionString()!);
        foreach (var bucket in buckets)
        {
            counters.Begin(bucket);
        }

        // A second save in the same transaction adds its buckets to the first's.
        var inTransaction = context.Database.CurrentTransaction is not null;
        if (_begun.TryGetValue(context, out var earlier))
        {
            buckets.AddRange(earlier.Buckets);
        }

        _begun.AddOrUpdate(context, new Begun(counters, buckets, inTransaction));
    }

    /// <summary>A save inside the caller's transaction is finished with the transaction, not with the save.</summary>
    private void FinishSaveCounting(DbContext? context)
    {
        if (context is not null && _begun.TryGetValue(context, out var begun) && !begun.InTransaction)
        {
            FinishCounting(context);
        }
    }

    private void FinishCounting(DbContext? context)
    {
        // Once per save: a concurrency conflict is reported twice, as the conflict and as the failed save.
        if (context is not null && _begun.TryGetValue(context, out var begun) && _begun.Remove(context))
        {
            foreach (var bucket in begun.Buckets)
            {
                begun.Counters.Finish(bucket);
            }
        }
    }

    private sealed record Begun(SessionChangeCounters Counters, List<int> Buckets, bool InTransaction);
}
