namespace CasPortal.Application.Sessions;

/// <summary>One active session as the session lists show it.</summary>
public sealed record SessionSummary(
    string Reference,
    string Username,
    DateTime CreatedAt,
    DateTime LastSeenAt,
    DateTime IdleExpiresAt,
    DateTime AbsoluteExpiresAt,
    string? ClientIp,
    string? UserAgent);
