namespace CasPortal.Application.Sessions;

internal static class SessionEnding
{
    /// <summary>
    /// Ends each still-active session as revoked by <paramref name="revokedBy"/>; returns how many ended. Each end is
    /// audited when it is saved.
    /// </summary>
    public static int Revoke(IEnumerable<PortalSession> sessions, DateTime now, string revokedBy, string why) =>
        sessions.Count(s => s.End(now, SessionEndReason.AdminRevoked, revokedBy, why));
}
