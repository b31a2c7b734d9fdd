namespace CasPortal.Application.Sessions;

/// <summary>Setting, finding and clearing re-authentication requirements, each with its audit record.</summary>
public static class Reauthentication
{
    /// <summary>Audit codes of <see cref="AuditEventType.ReauthenticationRequired"/>: the scope.</summary>
    public const string UserScopeCode = "USER";
    public const string BrowserScopeCode = "BROWSER";

    /// <summary>Audit code of <see cref="AuditEventType.SignInRestartedForReauthentication"/>.</summary>
    public const string RestartCode = "REAUTHENTICATION_REQUIRED";

    /// <summary>Audit codes of <see cref="AuditEventType.ReauthenticatedWithCredentials"/>: what proved the password was typed.</summary>
    public const string RenewProofCode = "RENEW";
    public const string AuthenticationDateProofCode = "AUTHENTICATION_DATE";

    /// <summary>Audit codes of <see cref="AuditEventType.ReauthenticationLifted"/>: who lifted it.</summary>
    public const string LiftedByReauthenticationCode = "REAUTHENTICATED";
    public const string LiftedByAdministratorCode = "ADMINISTRATOR";

    /// <summary>Every browser of <paramref name="username"/> must type the password at the next sign-in.</summary>
    internal static async Task RequireForUserAsync(
        IPortalDbContext db, AuditTrail audit, string username, string setBy, string reason, DateTime now, CancellationToken cancellationToken)
    {
        var existing = await db.ReauthenticationRequirements
            .FirstOrDefaultAsync(r => r.Scope == ReauthenticationScope.User && r.Username == username, cancellationToken);
        if (existing is null)
        {
            db.ReauthenticationRequirements.Add(ReauthenticationRequirement.ForUser(username, setBy, reason, now));
        }
        else
        {
            existing.SetAgain(setBy, reason, now);
        }

        audit.Record(AuditEventType.ReauthenticationRequired, username, null,
            $"{setBy} requires {username} to type the password at the next sign-in, in every browser: {reason}", UserScopeCode);
    }

    /// <summary>
    /// The browser that held <paramref name="session"/> must type a password at its next sign-in. A session from before
    /// the portal knew browsers cannot name its browser, so the requirement falls back to every browser of the user.
    /// </summary>
    internal static async Task<ReauthenticationScope> RequireForBrowserOfAsync(
        IPortalDbContext db, AuditTrail audit, PortalSession session, string setBy, string reason, DateTime now, CancellationToken cancellationToken)
    {
        if (session.BrowserIdHash is not { } browser)
        {
            await RequireForUserAsync(db, audit, session.Username, setBy, reason, now, cancellationToken);
            return ReauthenticationScope.User;
        }

        var existing = await db.ReauthenticationRequirements
            .FirstOrDefaultAsync(r => r.Scope == ReauthenticationScope.Browser && r.BrowserIdHash == browser, cancellationToken);
        if (existing is null)
        {
            db.ReauthenticationRequirements.Add(
                ReauthenticationRequirement.ForBrowser(session.Username, browser, session.UserAgent, setBy, reason, now));
        }
        else
        {
            existing.SetAgain(setBy, reason, now);
        }

        audit.Record(AuditEventType.ReauthenticationRequired, session.Username, session.Reference,
            $"{setBy} requires the browser of this session ({session.UserAgent ?? "unknown browser"}) to type a password at its next sign-in: {reason}",
            BrowserScopeCode);
        return ReauthenticationScope.Browser;
    }

    /// <summary>The requirements a sign-in of <paramref name="username"/> from the browser <paramref name="browserIdHash"/> must meet.</summary>
    internal static Task<List<ReauthenticationRequirement>> ApplyingToAsync(
        IPortalDbContext db, string username, string? browserIdHash, CancellationToken cancellationToken)
    {
        var requirements = db.ReauthenticationRequirements.AsNoTracking();
        return browserIdHash is null
            ? requirements.Where(r => r.Scope == ReauthenticationScope.User && r.Username == username).ToListAsync(cancellationToken)
            : requirements
                .Where(r => (r.Scope == ReauthenticationScope.User && r.Username == username)
                    || (r.Scope == ReauthenticationScope.Browser && r.BrowserIdHash == browserIdHash))
                .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes <paramref name="requirements"/> at once, so two nodes clearing the same one do not conflict. One set
    /// again since it was read (a newer revocation) stays.
    /// </summary>
    internal static async Task ClearAsync(
        IPortalDbContext db, IReadOnlyCollection<ReauthenticationRequirement> requirements, CancellationToken cancellationToken)
    {
        foreach (var requirement in requirements)
        {
            var (id, setAt) = (requirement.Id, requirement.SetAt);
            await db.ReauthenticationRequirements.Where(r => r.Id == id && r.SetAt == setAt).ExecuteDeleteAsync(cancellationToken);
        }
    }

    public static string Describe(ReauthenticationRequirement requirement) => requirement.Scope == ReauthenticationScope.User
        ? $"every browser of {requirement.Username}, set by {requirement.SetBy} at {requirement.SetAt:yyyy-MM-dd HH:mm:ss} UTC"
        : $"the browser {requirement.BrowserDescription ?? "(unknown)"} that held a session of {requirement.Username}, set by {requirement.SetBy} at {requirement.SetAt:yyyy-MM-dd HH:mm:ss} UTC";
}
