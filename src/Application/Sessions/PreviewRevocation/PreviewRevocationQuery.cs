namespace CasPortal.Application.Sessions.PreviewRevocation;

/// <summary>
/// What a revocation would end, for its confirmation: one session by id, or every active session of a user. A query:
/// nothing changes.
/// </summary>
public sealed record PreviewRevocationQuery(string? SessionReference, string? Username) : IQuery<RevocationPreview?>;

/// <summary>The user and their active sessions the revocation would end.</summary>
public sealed record RevocationPreview(string Username, IReadOnlyList<SessionSummary> Sessions);

public sealed class PreviewRevocationHandler(IPortalDbContext db, TimeProvider clock) : IQueryHandler<PreviewRevocationQuery, RevocationPreview?>
{
    /// <summary>The confirmation lists at most this many browsers and says how many more.</summary>
    private const int Listed = 50;

    /// <returns>Null for an unknown or already ended session, or a user the portal never saw.</returns>
    public async ValueTask<RevocationPreview?> Handle(PreviewRevocationQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var active = db.Sessions.AsNoTracking().Where(s => s.EndedAt == null && s.IdleExpiresAt > now && s.AbsoluteExpiresAt > now);
        if (query.SessionReference is { } reference)
        {
            var session = await active.Where(s => s.Reference == reference).Select(Summary).FirstOrDefaultAsync(cancellationToken);
            return session is null ? null : new RevocationPreview(session.Username, [session]);
        }

        if (query.Username is not { } username || !await KnownUsers.ExistsAsync(db, username, cancellationToken))
        {
            return null;
        }

        var sessions = await active.Where(s => s.Username == username)
            .OrderByDescending(s => s.LastSeenAt)
            .Take(Listed)
            .Select(Summary)
            .ToListAsync(cancellationToken);
        return new RevocationPreview(username, sessions);
    }

    private static readonly System.Linq.Expressions.Expression<Func<Domain.Sessions.PortalSession, SessionSummary>> Summary =
        s => new SessionSummary(s.Reference, s.Username, s.CreatedAt, s.LastSeenAt, s.IdleExpiresAt, s.AbsoluteExpiresAt, s.ClientIp, s.UserAgent);
}
