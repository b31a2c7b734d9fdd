using CasPortal.Application.Common.Interfaces;
using CasPortal.Application.Common.Models;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;

namespace CasPortal.Application.Sessions;

internal static class SessionEnding
{
    /// <summary>Ends each still-active session as revoked and records who did it; returns how many ended.</summary>
    public static int Revoke(
        IPortalDbContext db, IEnumerable<PortalSession> sessions, DateTime now, string revokedBy, RequestOrigin origin, string why)
    {
        var ended = 0;
        foreach (var session in sessions.Where(s => s.End(now, SessionEndReason.AdminRevoked)))
        {
            db.AuditEvents.Add(new AuditEvent(now, AuditEventType.SessionRevoked, session.Username, session.Reference,
                origin.ClientIp, origin.UserAgent, $"{why} by {revokedBy}"));
            ended++;
        }

        return ended;
    }
}
