using CasPortal.Domain.Common;

namespace CasPortal.Application.Audit;

/// <summary>
/// The one writer of audit records. What follows from an entity's change (a session ended) is translated from its
/// domain event when the change is saved; what changes no entity (a sign-in started, a refused request) is recorded
/// here by the use case. Either way the record carries this request's origin and is written by the same SaveChanges,
/// in the order things happened.
/// </summary>
public sealed class AuditTrail(IRequestContext request, TimeProvider clock)
{
    private readonly List<Recorded> _recorded = [];

    /// <summary>Records <paramref name="type"/> with this request's origin; it is written by the next SaveChanges.</summary>
    public void Record(
        AuditEventType type, string? username = null, string? sessionReference = null, string? detail = null, string? code = null) =>
        _recorded.Add(new Recorded(new AuditEvent(
            clock.GetUtcNow().UtcDateTime, type, username, sessionReference, request.ClientIp, request.UserAgent, detail, code)));

    /// <summary>
    /// The audit records of a save: those recorded since the last save and those that follow from
    /// <paramref name="events"/>, oldest first. Called by the database context as it saves.
    /// </summary>
    public IReadOnlyList<AuditEvent> TakeRecords(IEnumerable<DomainEvent> events)
    {
        var records = _recorded.Cast<DomainEvent>().Concat(events)
            .OrderBy(e => e.Sequence)
            .Select(e => e is Recorded recorded ? recorded.Record : RecordOf(e))
            .ToList();
        _recorded.Clear();
        return records;
    }

    private AuditEvent RecordOf(DomainEvent happened) => happened switch
    {
        SessionEnded ended => RecordOf(ended),
        _ => throw new InvalidOperationException($"No audit record is defined for {happened.GetType().Name}."),
    };

    private AuditEvent RecordOf(SessionEnded ended)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = ended.Session;
        AuditEvent Caused(AuditEventType type, string detail) =>
            new(now, type, session.Username, session.Reference, request.ClientIp, request.UserAgent, detail);

        return ended.Reason switch
        {
            // Nobody's request ended it: the request that noticed carries no origin worth keeping.
            SessionEndReason.Expired => new AuditEvent(now, AuditEventType.SessionExpired, session.Username, session.Reference,
                detail: session.EndedAt >= session.AbsoluteExpiresAt ? "Absolute lifetime reached" : "Idle timeout reached"),
            SessionEndReason.AdminRevoked => Caused(AuditEventType.SessionRevoked, $"{ended.How ?? "Session revoked"} by {ended.EndedBy}"),
            SessionEndReason.SingleLogout => Caused(AuditEventType.SingleLogout,
                $"{ended.How ?? "Logout request from the CAS server"} (ticket #{TicketHash.Short(session.ServiceTicketHash)})"),
            SessionEndReason.Replaced => Caused(AuditEventType.Logout, "Replaced by a new sign-in in the same browser"),
            _ => Caused(AuditEventType.Logout, ended.How ?? "Signed out by the user"),
        };
    }

    /// <summary>A record a use case made itself, ordered among the entities' events.</summary>
    private sealed record Recorded(AuditEvent Record) : DomainEvent;
}
