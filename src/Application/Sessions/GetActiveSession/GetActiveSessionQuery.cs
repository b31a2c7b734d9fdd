using CasPortal.Application.Common.Models;

namespace CasPortal.Application.Sessions.GetActiveSession;

/// <summary>
/// The per-request session check, a read only: the row decides, so a session ended anywhere is refused on its very next
/// request. When the row needs a write (an expiry to record, or the "last seen" mark), the answer says so and the
/// caller sends <see cref="TouchSession.TouchSessionCommand"/>.
/// </summary>
public sealed record GetActiveSessionQuery(string SessionId) : IQuery<SessionCheck>;

/// <param name="Session">The session, or null when there is none, it ended or it expired.</param>
/// <param name="TouchDue">
/// The row needs a write before the session may be used: it expired (and must be ended with its audit record), or it
/// was last seen at least Session:LastSeenWriteInterval ago.
/// </param>
public sealed record SessionCheck(ActiveSession? Session, bool TouchDue)
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

        // Every request reads the row, so the common request costs one narrow SELECT and nothing else.
        var row = await sessions.ReadForCheckAsync(PortalSession.HashOfId(query.SessionId), cancellationToken);
        if (row is null || row.EndedAt is not null)
        {
            return SessionCheck.None;
        }

        var now = clock.GetUtcNow().UtcDateTime;
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
        return new SessionCheck(session, TouchDue: now - row.LastSeenAt >= options.Value.LastSeenWriteInterval);
    }
}
