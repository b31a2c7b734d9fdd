namespace CasPortal.Application.Common.Models;

/// <summary>What the per-request session check reads of a session row: who it is and whether it is still live.</summary>
public sealed record SessionCheckRow(
    string Reference,
    string Username,
    SessionAttributes Attributes,
    DateTime CreatedAt,
    DateTime LastSeenAt,
    DateTime IdleExpiresAt,
    DateTime AbsoluteExpiresAt,
    DateTime? EndedAt);
