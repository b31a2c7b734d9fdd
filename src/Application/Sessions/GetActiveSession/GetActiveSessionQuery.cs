using CasPortal.Application.Common.Interfaces;
using CasPortal.Application.Common.Options;
using CasPortal.Domain;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using Mediator;
using Microsoft.Extensions.Options;

namespace CasPortal.Application.Sessions.GetActiveSession;

/// <summary>
/// The per-request session check: the row decides, so a session ended anywhere is refused on its very next request.
/// An expired session is ended here, with its audit record.
/// </summary>
public sealed record GetActiveSessionQuery(string SessionId) : IQuery<ActiveSession?>;

public sealed record ActiveSession(
    string Id,
    string Reference,
    string Username,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes,
    DateTime CreatedAt,
    DateTime AbsoluteExpiresAt);

public sealed class GetActiveSessionHandler(
    IPortalDbContext db,
    IOptions<SessionOptions> options,
    TimeProvider clock) : IQueryHandler<GetActiveSessionQuery, ActiveSession?>
{
    public async ValueTask<ActiveSession?> Handle(GetActiveSessionQuery query, CancellationToken cancellationToken)
    {
        if (query.SessionId.Length is 0 or > Limits.SessionIdLength)
        {
            return null;
        }

        // Every request reads the row, untracked and only the columns it needs: ending the row anywhere refuses the
        // very next request. Writes (expiry, the "last seen" mark at most once per LastSeenWriteInterval) take the
        // tracked path below, so the common request costs one narrow SELECT and nothing else.
        var idHash = PortalSession.HashOfId(query.SessionId);
        var row = await db.FindSessionForCheckAsync(idHash, cancellationToken);
        if (row is null || row.EndedAt is not null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var current = now < row.IdleExpiresAt && now < row.AbsoluteExpiresAt
            && now - row.LastSeenAt < options.Value.LastSeenWriteInterval;
        if (!current && !await ExpireOrTouch(idHash, now, cancellationToken))
        {
            return null;
        }

        return new ActiveSession(
            query.SessionId,
            row.Reference,
            row.Username,
            row.Attributes.ToDictionary(a => a.Key, a => (IReadOnlyList<string>)a.Value, StringComparer.Ordinal),
            row.CreatedAt,
            row.AbsoluteExpiresAt);
    }

    /// <summary>Ends an expired session with its audit record, or records activity; false when the session is over.</summary>
    private async Task<bool> ExpireOrTouch(string sessionIdHash, DateTime now, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.FindAsync([sessionIdHash], cancellationToken);
        if (session is null || session.IsEnded)
        {
            return false;
        }

        if (session.IsExpiredAt(now))
        {
            session.End(now, SessionEndReason.Expired);
            db.AuditEvents.Add(new AuditEvent(
                now, AuditEventType.SessionExpired, session.Username, session.Reference,
                detail: now >= session.AbsoluteExpiresAt ? "Absolute lifetime reached" : "Idle timeout reached"));
            await db.SaveChangesAsync(cancellationToken);
            return false;
        }

        if (session.Touch(now, options.Value.LastSeenWriteInterval))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return true;
    }
}
