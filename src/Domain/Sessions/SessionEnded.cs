using CasPortal.Domain.Common;

namespace CasPortal.Domain.Sessions;

/// <summary>A session ended (the first time only).</summary>
/// <param name="EndedBy">Who ended it when that was a person acting on it (an administrator's name); null otherwise.</param>
/// <param name="How">What ended it, in the audit trail's words, where the reason alone does not say it.</param>
public sealed record SessionEnded(PortalSession Session, SessionEndReason Reason, string? EndedBy, string? How) : DomainEvent;
