using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CasPortal.Infrastructure.Persistence;

/// <summary>
/// A save interceptor that learns how each save ended, sync or async, with one method per outcome: committed, or not
/// (failed, cancelled, or a concurrency conflict, which EF Core reports apart from a failed save). What it does as a
/// save starts goes in <see cref="Saving"/>, again for both forms.
/// </summary>
internal abstract class SaveEndInterceptor : SaveChangesInterceptor
{
    /// <summary>The save of <paramref name="context"/> is about to run; nothing of it is committed yet.</summary>
    protected virtual void Saving(DbContext context)
    {
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
        {
            Saving(context);
        }

        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            Saving(context);
        }

        return ValueTask.FromResult(result);
    }

    /// <summary>The save of <paramref name="context"/> committed.</summary>
    protected abstract void Committed(DbContext? context);

    /// <summary>The save of <paramref name="context"/> ended without committing.</summary>
    protected abstract void NotCommitted(DbContext? context);

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Committed(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => NotCommitted(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        NotCommitted(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => NotCommitted(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        NotCommitted(eventData.Context);
        return Task.CompletedTask;
    }

    public override InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        NotCommitted(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(
        ConcurrencyExceptionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        NotCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }
}
