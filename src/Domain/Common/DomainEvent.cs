namespace CasPortal.Domain.Common;

/// <summary>
/// Something that happened to an entity, kept on it until the change is saved; the audit trail is written from these
/// in the same transaction, so no use case has to remember to record what it did.
/// </summary>
public abstract record DomainEvent
{
    private static long _lastSequence;

    /// <summary>Orders events raised by different entities in one unit of work, so their audit rows keep that order.</summary>
    public long Sequence { get; } = Interlocked.Increment(ref _lastSequence);
}

/// <summary>An entity that records what happened to it until the change is saved.</summary>
public interface IHasDomainEvents
{
    /// <summary>The events raised since the last call, oldest first; the entity forgets them.</summary>
    IReadOnlyList<DomainEvent> TakeDomainEvents();
}
