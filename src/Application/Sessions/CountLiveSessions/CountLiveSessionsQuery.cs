namespace CasPortal.Application.Sessions.CountLiveSessions;

/// <summary>How many sessions are neither ended nor expired, on every node. Run periodically for the live-sessions gauge.</summary>
public sealed record CountLiveSessionsQuery : IQuery<int>;

public sealed class CountLiveSessionsHandler(IPortalDbContext db, TimeProvider clock) : IQueryHandler<CountLiveSessionsQuery, int>
{
    public async ValueTask<int> Handle(CountLiveSessionsQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Sessions.CountAsync(
            s => s.EndedAt == null && s.IdleExpiresAt > now && s.AbsoluteExpiresAt > now, cancellationToken);
    }
}
