namespace CasPortal.Application.Audit;

public enum AuditOutcome
{
    Any,
    Success,
    Failure,
}

public enum UserMatch
{
    Exact,
    Prefix,
}

/// <summary>What the audit page, its chart and its exports are narrowed to. Times are UTC.</summary>
/// <param name="IncludeSignInStarts">
/// False leaves out "sign-in started" events, which double the list (one per attempt besides its outcome), unless
/// that event type is asked for by name.
/// </param>
public sealed record AuditFilter(
    string? User = null,
    UserMatch UserMatch = UserMatch.Exact,
    AuditEventType? Type = null,
    AuditOutcome Outcome = AuditOutcome.Any,
    DateTime? FromUtc = null,
    DateTime? ToUtc = null,
    string? ClientIp = null,
    string? SessionReference = null,
    string? Code = null,
    bool IncludeSignInStarts = true)
{
    /// <summary>Adds the filter's conditions; each maps onto an index (user, type, client IP, session, time).</summary>
    public IQueryable<AuditEvent> Apply(IQueryable<AuditEvent> events)
    {
        if (!string.IsNullOrEmpty(User))
        {
            if (UserMatch == UserMatch.Prefix)
            {
                // A range rather than LIKE, so the (Username, OccurredAt) index answers it.
                var upper = User + char.MaxValue;
                events = events.Where(e => e.Username != null
                    && string.Compare(e.Username, User) >= 0 && string.Compare(e.Username, upper) < 0);
            }
            else
            {
                events = events.Where(e => e.Username == User);
            }
        }

        if (Type is { } type)
        {
            events = events.Where(e => e.Type == type);
        }
        else if (!IncludeSignInStarts)
        {
            events = events.Where(e => e.Type != AuditEventType.LoginStarted);
        }

        if (Outcome != AuditOutcome.Any)
        {
            var failures = AuditEventTypes.Failures;
            events = Outcome == AuditOutcome.Failure
                ? events.Where(e => failures.Contains(e.Type))
                : events.Where(e => !failures.Contains(e.Type));
        }

        if (FromUtc is { } from)
        {
            events = events.Where(e => e.OccurredAt >= from);
        }

        if (ToUtc is { } to)
        {
            events = events.Where(e => e.OccurredAt < to);
        }

        if (!string.IsNullOrEmpty(ClientIp))
        {
            events = events.Where(e => e.ClientIp == ClientIp);
        }

        if (!string.IsNullOrEmpty(SessionReference))
        {
            events = events.Where(e => e.SessionReference == SessionReference);
        }

        if (!string.IsNullOrEmpty(Code))
        {
            events = events.Where(e => e.Code == Code);
        }

        return events;
    }
}
