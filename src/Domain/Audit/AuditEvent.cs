namespace CasPortal.Domain.Audit;

/// <summary>One append-only line of the audit trail. Nothing changes an event once it is created.</summary>
public sealed class AuditEvent
{
    private AuditEvent()
    {
    }

    public AuditEvent(
        DateTime occurredAt,
        AuditEventType type,
        string? username = null,
        string? sessionReference = null,
        string? clientIp = null,
        string? userAgent = null,
        string? detail = null,
        string? code = null)
    {
        if (occurredAt.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("Audit times are stored in UTC.", nameof(occurredAt));
        }

        OccurredAt = occurredAt;
        Type = type;
        Username = Text.Clip(username, Limits.UsernameLength);
        SessionReference = sessionReference;
        ClientIp = Text.Clip(clientIp, Limits.ClientIpLength);
        UserAgent = Text.Clip(userAgent, Limits.UserAgentLength);
        Detail = Text.Clip(detail, Limits.AuditDetailLength);
        Code = Text.Clip(code, Limits.AuditCodeLength);
    }

    public long Id { get; private set; }
    public DateTime OccurredAt { get; private set; }
    public AuditEventType Type { get; private set; }
    public string? Username { get; private set; }
    /// <summary>The session's <see cref="Sessions.PortalSession.Reference"/>, never its id.</summary>
    public string? SessionReference { get; private set; }
    public string? ClientIp { get; private set; }
    public string? UserAgent { get; private set; }
    public string? Detail { get; private set; }

    /// <summary>A short machine-readable reason (a CAS failure code, TIMEOUT …) so failures can be counted by cause.</summary>
    public string? Code { get; private set; }
}
