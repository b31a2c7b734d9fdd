namespace CasPortal.Application.Audit;

/// <summary>One audit event as the page and the exports show it, with its type's human description.</summary>
public sealed record AuditEventRow(
    long Id,
    DateTime OccurredAt,
    AuditEventType Type,
    string? Username,
    string? SessionReference,
    string? ClientIp,
    string? UserAgent,
    string? Code,
    string? Detail)
{
    public string Description => AuditEventTypes.Describe(Type);
    public bool IsFailure => AuditEventTypes.IsFailure(Type);

    public static IQueryable<AuditEventRow> Project(IQueryable<AuditEvent> events) =>
        events.Select(e => new AuditEventRow(e.Id, e.OccurredAt, e.Type, e.Username, e.SessionReference, e.ClientIp, e.UserAgent, e.Code, e.Detail));
}
