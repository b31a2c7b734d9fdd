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

        var session = await db.Sessions.FindAsync([query.SessionId], cancellationToken);
        if (session is null || session.IsEnded)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (session.IsExpiredAt(now))
        {
            session.End(now, SessionEndReason.Expired);
            db.AuditEvents.Add(new AuditEvent(
                now, AuditEventType.SessionExpired, session.Username, session.Id,
                detail: now >= session.AbsoluteExpiresAt ? "Absolute lifetime reached" : "Idle timeout reached"));
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }

        if (session.Touch(now, options.Value.LastSeenWriteInterval))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return new ActiveSession(
            session.Id,
            session.Username,
            session.Attributes.ToDictionary(a => a.Key, a => (IReadOnlyList<string>)a.Value, StringComparer.Ordinal),
            session.CreatedAt,
            session.AbsoluteExpiresAt);
    }
}
