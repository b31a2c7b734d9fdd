namespace CasPortal.Domain.Sessions;

/// <summary>
/// The next sign-in of a user, or from a browser, must come from credentials typed at the CAS server, not from its
/// single sign-on session. Set when a session is revoked; cleared by a sign-in that proves a fresh credential check.
/// Kept in the database so every node sees it.
/// </summary>
public sealed class ReauthenticationRequirement
{
    private ReauthenticationRequirement()
    {
        Username = string.Empty;
        SetBy = string.Empty;
        Reason = string.Empty;
    }

    private ReauthenticationRequirement(
        ReauthenticationScope scope, string username, string? browserIdHash, string? browserDescription, string setBy, string reason, DateTime now)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(setBy);
        if (now.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("Requirement times are stored in UTC.", nameof(now));
        }

        Scope = scope;
        Username = Text.Clip(username, Limits.UsernameLength)!;
        BrowserIdHash = browserIdHash;
        BrowserDescription = Text.Clip(browserDescription, Limits.UserAgentLength);
        SetBy = Text.Clip(setBy, Limits.UsernameLength)!;
        Reason = Text.Clip(reason, Limits.ReauthenticationReasonLength) ?? string.Empty;
        SetAt = now;
    }

    /// <summary>Every browser of <paramref name="username"/> must type the password at the next sign-in.</summary>
    public static ReauthenticationRequirement ForUser(string username, string setBy, string reason, DateTime now) =>
        new(ReauthenticationScope.User, username, null, null, setBy, reason, now);

    /// <summary>The browser known by <paramref name="browserIdHash"/> must type a password at its next sign-in, whoever signs in.</summary>
    /// <param name="username">Whose session that browser held, for the administrators' list.</param>
    public static ReauthenticationRequirement ForBrowser(
        string username, string browserIdHash, string? browserDescription, string setBy, string reason, DateTime now)
    {
        ArgumentException.ThrowIfNullOrEmpty(browserIdHash);
        return new(ReauthenticationScope.Browser, username, browserIdHash, browserDescription, setBy, reason, now);
    }

    public long Id { get; private set; }
    public ReauthenticationScope Scope { get; private set; }
    public string Username { get; private set; }

    /// <summary>SHA-256 of the browser-id cookie, for <see cref="ReauthenticationScope.Browser"/>; the cookie itself is never stored.</summary>
    public string? BrowserIdHash { get; private set; }

    /// <summary>The browser's user agent when the requirement was set, so an administrator can tell browsers apart.</summary>
    public string? BrowserDescription { get; private set; }

    public DateTime SetAt { get; private set; }
    public string SetBy { get; private set; }
    public string Reason { get; private set; }

    /// <summary>Sets it again (a second revocation): the time moves on, so only a check after this one clears it.</summary>
    public void SetAgain(string setBy, string reason, DateTime now)
    {
        SetBy = Text.Clip(setBy, Limits.UsernameLength)!;
        Reason = Text.Clip(reason, Limits.ReauthenticationReasonLength) ?? string.Empty;
        SetAt = now;
    }
}

/// <summary>Whom a requirement binds. The numbers are stored: never reuse one.</summary>
public enum ReauthenticationScope
{
    /// <summary>Every sign-in of the user, in any browser.</summary>
    User = 1,

    /// <summary>Every sign-in from one browser, whoever signs in there.</summary>
    Browser = 2,
}
