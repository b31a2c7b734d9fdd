using CasPortal.Application.Common.Models;
using CasPortal.Application.Sessions.ListMySessions;

namespace CasPortal.Application.Sessions.GetActiveSession;

/// <summary>
/// The per-request session check, a read only: the row decides, so a session ended anywhere is refused on its very next
/// request. When the row needs a write (an expiry to record, or the "last seen" mark), the answer says so and the
/// caller sends <see cref="TouchSession.TouchSessionCommand"/>.
/// </summary>
/// <param name="WithOwnSessions">
/// For a page that lists the user's own sessions: the same statement reads them, so the page costs the database no
/// second query (see <see cref="SessionCheck.OwnSessions"/>).
/// </param>
public sealed record GetActiveSessionQuery(string SessionId, bool WithOwnSessions = false) : IQuery<SessionCheck>;

/// <param name="Session">The session, or null when there is none, it ended or it expired.</param>
/// <param name="TouchDue">
/// The row needs a write before the session may be used: it expired (and must be ended with its audit record), or it
/// was last seen at least Session:LastSeenWriteInterval ago.
/// </param>
/// <param name="OwnSessions">
/// Asked for with <see cref="GetActiveSessionQuery.WithOwnSessions"/>, for an active session whose row needs no write:
/// the user's live sessions, as <see cref="ListMySessions.ListMySessionsQuery"/> lists them. Null otherwise, and when a
/// write is due, since the write changes this session's "last seen" after the read.
/// </param>
public sealed record SessionCheck(ActiveSession? Session, bool TouchDue, IReadOnlyList<SessionSummary>? OwnSessions = null)
{
    public static readonly SessionCheck None = new(null, false);
}

public sealed record ActiveSession(
    string Id,
    string Reference,
    string Username,
    SessionAttributes Attributes,
    DateTime CreatedAt,
    DateTime AbsoluteExpiresAt);

public sealed class GetActiveSessionHandler(
    ISignedInReads sessions,
    IOptions<SessionOptions> options,
    TimeProvider clock) : IQueryHandler<GetActiveSessionQuery, SessionCheck>
{
    public async ValueTask<SessionCheck> Handle(GetActiveSessionQuery query, CancellationToken cancellationToken)
    {
        if (query.SessionId.Length is 0 or > Limits.SessionIdLength)
        {
            return SessionCheck.None;
        }

        // Every request asks for the row as committed now, so the common request costs one narrow SELECT at most and
        // nothing else; the page that lists the user's sessions has them read by that same statement.
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = PortalSession.HashOfId(query.SessionId);
        SessionCheckRow? row;
        List<SessionSummary>? ownSessions = null;
        if (query.WithOwnSessions)
        {
            (row, ownSessions) = await sessions.ReadForCheckWithOwnSessionsAsync(hash, now, ListMySessionsHandler.Shown, cancellationToken);
        }
        else
        {
            row = await sessions.ReadForCheckAsync(hash, cancellationToken);
        }

        if (row is null || row.EndedAt is not null)
        {
            return SessionCheck.None;
        }

        if (now >= row.IdleExpiresAt || now >= row.AbsoluteExpiresAt)
        {
            return new SessionCheck(null, TouchDue: true);
        }

        var session = new ActiveSession(
            query.SessionId,
            row.Reference,
            row.Username,
            row.Attributes,
            row.CreatedAt,
            row.AbsoluteExpiresAt);
        var touchDue = now - row.LastSeenAt >= options.Value.LastSeenWriteInterval;
        return new SessionCheck(session, touchDue, touchDue ? null : ownSessions);
    }
}
