using System.Runtime.CompilerServices;
using CasPortal.Domain.Sessions;

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
/// A save inside a transaction the caller commits later is refused when it changes sessions: its commit would come
/// after the count that announces it.
/// </remarks>
internal sealed class SessionChangeInterceptor : SaveEndInterceptor
{
    public static readonly SessionChangeInterceptor Instance = new();

    /// <summary>The buckets each context's save under way has counted as begun.</summary>
    private readonly ConditionalWeakTable<DbContext, Begun> _begun = new();

    protected override void Committed(DbContext? context) => FinishCounting(context);

    protected override void NotCommitted(DbContext? context) => FinishCounting(context);

    protected override void Saving(DbContext context)
    {
        List<int>? buckets = null;
        foreach (var entry in context.ChangeTracker.Entries<PortalSession>())
        {
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

        if (buckets is null)
        {
            return;
        }

        if (context.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException(
                "Session rows are changed only by a save that commits by itself: inside the caller's transaction, the "
                + "commit would come after the count that tells other processes to read the rows again.");
        }

        var counters = SessionChangeCounters.Of(context.Database.GetConnectionString()!);
        foreach (var bucket in buckets)
        {
            counters.Begin(bucket);
        }

        _begun.AddOrUpdate(context, new Begun(counters, buckets));
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

    private sealed record Begun(SessionChangeCounters Counters, List<int> Buckets);
}
