namespace CasPortal.Application.Common.Options;

/// <summary>The <c>Sessions</c> configuration section.</summary>
public sealed class SessionOptions
{
    public const string SectionName = "Sessions";

    /// <summary>A session unused for this long ends.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after sign-in, however busy.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>"Last seen" is written at most this often per session, so page views do not all write.</summary>
    public TimeSpan LastSeenWriteInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the background clean-up ends expired sessions and removes old ended ones.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Ended sessions stay this long for the audit trail, then are deleted (audit events are kept).</summary>
    public TimeSpan EndedSessionRetention { get; set; } = TimeSpan.FromDays(30);
}
