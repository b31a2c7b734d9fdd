namespace CasPortal.Application.Sessions;

/// <summary>
/// The portal knows a user only from the CAS server's word: someone with a session row, a successful sign-in in the
/// audit trail, or a requirement. Administrators' actions on anyone else are refused, so a typo changes nothing.
/// </summary>
internal static class KnownUsers
{
    public const string UnknownUserCode = "UNKNOWN_USER";

    public static async Task<bool> ExistsAsync(IPortalDbContext db, string username, CancellationToken cancellationToken) =>
        await db.Sessions.AnyAsync(s => s.Username == username, cancellationToken)
        || await db.ReauthenticationRequirements.AnyAsync(r => r.Username == username, cancellationToken)
        || await db.AuditEvents.AnyAsync(e => e.Username == username && e.Type == AuditEventType.LoginSucceeded, cancellationToken);

    public static void RecordUnknown(AuditTrail audit, string request, string username) =>
        audit.Record(AuditEventType.RequestRejected, username, null,
            $"{request} rejected: no user of that name has ever signed in to the portal", UnknownUserCode);
}
