using CasPortal.Domain.Common;

namespace CasPortal.Domain.Sessions;

/// <summary>
/// A signed-in browser. The row is the single source of truth: the cookie only names it, so ending the row
/// ends the session on the very next request.
/// </summary>
public sealed class PortalSession : IHasDomainEvents
{
    private readonly List<DomainEvent> _domainEvents = [];

    private PortalSession()
    {
        IdHash = string.Empty;
        Reference = string.Empty;
        Username = string.Empty;
        ServiceTicketHash = string.Empty;
        Attributes = new Dictionary<string, List<string>>();
    }

    public PortalSession(
        string id,
        string username,
        string serviceTicketHash,
        IReadOnlyDictionary<string, IReadOnlyList<string>> attributes,
        DateTime now,
        TimeSpan idleTimeout,
        TimeSpan absoluteLifetime,
        string? clientIp,
        string? userAgent,
        string? browserIdHash = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(username);
        if (idleTimeout <= TimeSpan.Zero || absoluteLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(idleTimeout), "Session lifetimes must be positive.");
        }

        IdHash = HashOfId(id);
        Reference = NewReference();
        Username = username;
        ServiceTicketHash = serviceTicketHash;
        Attributes = attributes.ToDictionary(a => a.Key, a => a.Value.ToList(), StringComparer.Ordinal);
        CreatedAt = now;
        LastSeenAt = now;
        IdleTimeout = idleTimeout;
        IdleExpiresAt = now + idleTimeout;
        AbsoluteExpiresAt = now + absoluteLifetime;
        ClientIp = Text.Clip(clientIp, Limits.ClientIpLength);
        UserAgent = Text.Clip(userAgent, Limits.UserAgentLength);
        BrowserIdHash = browserIdHash;
    }

    /// <summary>256 random bits, base64url: the only thing the session cookie carries.</summary>
    public static string NewId() => Base64Url(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// The row's key: SHA-256 of the id the cookie carries (base64url). The id itself is never stored, so a database
    /// backup holds no live cookie; the per-request check hashes the cookie's id and reads the row by this key.
    /// </summary>
    public string IdHash { get; private set; }

    /// <summary>
    /// A short random name for the session, unrelated to its id: what pages, exports, audit events and logs show, and
    /// what administrators' forms post. Knowing it gives no access.
    /// </summary>
    public string Reference { get; private set; }

    /// <summary>The key of the session the cookie id names.</summary>
    public static string HashOfId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Base64Url(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)));
    }

    /// <summary>72 random bits, base64url: unique enough to tell sessions apart and short enough to read out.</summary>
    /// <summary>
    /// Twelve random letters and digits (about 71 bits): no punctuation, so a reference reads the same in a URL, a
    /// form and a CSV export, where a leading '-' would be taken for a formula and altered.
    /// </summary>
    public static string NewReference() =>
        System.Security.Cryptography.RandomNumberGenerator.GetString(ReferenceAlphabet, Limits.SessionReferenceLength);

    private const string ReferenceAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    public string Username { get; private set; }

    /// <summary>SHA-256 of the service ticket; single logout finds the session by it. The ticket itself is never stored.</summary>
    public string ServiceTicketHash { get; private set; }

    public Dictionary<string, List<string>> Attributes { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime LastSeenAt { get; private set; }
    public TimeSpan IdleTimeout { get; private set; }
    public DateTime IdleExpiresAt { get; private set; }
    public DateTime AbsoluteExpiresAt { get; private set; }
    public DateTime? EndedAt { get; private set; }
    public SessionEndReason? EndReason { get; private set; }
    public string? ClientIp { get; private set; }
    public string? UserAgent { get; private set; }

    /// <summary>
    /// SHA-256 of the browser-id cookie of the browser that signed in, so a revocation can require that browser to
    /// type a password again. Null for sessions from before the portal knew browsers.
    /// </summary>
    public string? BrowserIdHash { get; private set; }

    public bool IsEnded => EndedAt is not null;

    public bool IsExpiredAt(DateTime now) => now >= IdleExpiresAt || now >= AbsoluteExpiresAt;

    public bool IsActiveAt(DateTime now) => !IsEnded && !IsExpiredAt(now);

    /// <summary>Records activity; returns false when nothing changed enough to be worth a write.</summary>
    public bool Touch(DateTime now, TimeSpan writeGranularity)
    {
        if (!IsActiveAt(now) || now - LastSeenAt < writeGranularity)
        {
            return false;
        }

        LastSeenAt = now;
        var idleExpiry = now + IdleTimeout;
        IdleExpiresAt = idleExpiry < AbsoluteExpiresAt ? idleExpiry : AbsoluteExpiresAt;
        return true;
    }

    /// <summary>
    /// Ends the session once and raises <see cref="SessionEnded"/>, from which its audit record is written when the change
    /// is saved; a second end keeps the first reason and time and raises nothing.
    /// </summary>
    /// <param name="endedBy">Who ended it, when a person did so on purpose (an administrator).</param>
    /// <param name="how">What ended it, for the audit record, where the reason alone does not say it.</param>
    public bool End(DateTime now, SessionEndReason reason, string? endedBy = null, string? how = null)
    {
        if (IsEnded)
        {
            return false;
        }

        EndedAt = now;
        EndReason = reason;
        _domainEvents.Add(new SessionEnded(this, reason, endedBy, how));
        return true;
    }

    public IReadOnlyList<DomainEvent> TakeDomainEvents()
    {
        var raised = _domainEvents.ToList();
        _domainEvents.Clear();
        return raised;
    }
}
