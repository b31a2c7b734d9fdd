using CasPortal.Domain.Proxy;

namespace CasPortal.Application.Sessions.CloseExpiredSessions;

/// <summary>
/// The periodic clean-up: ends sessions whose time ran out (with their audit records) and deletes ended sessions
/// older than the retention, so the table stays bounded. Audit events are kept.
/// </summary>
public sealed record CloseExpiredSessionsCommand : ICommand<CloseExpiredSessionsResult>;

public sealed record CloseExpiredSessionsResult(int Expired, int Deleted, int ProxyGrantingTicketsDropped);

public sealed class CloseExpiredSessionsHandler(
    IPortalDbContext db,
    IOptions<SessionOptions> options,
    TimeProvider clock) : ICommandHandler<CloseExpiredSessionsCommand, CloseExpiredSessionsResult>
{
    /// <summary>Sessions ended per transaction, so one run never holds the write lock for long.</summary>
    private const int BatchSize = 500;

    public async ValueTask<CloseExpiredSessionsResult> Handle(CloseExpiredSessionsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = 0;
        while (true)
        {
            var batch = await db.Sessions
                .Where(s => s.EndedAt == null && (s.IdleExpiresAt <= now || s.AbsoluteExpiresAt <= now))
                .OrderBy(s => s.IdleExpiresAt)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            // Each end is audited as it is saved.
            expired += batch.Count(s => s.End(now, SessionEndReason.Expired));

            await db.SaveChangesAsync(cancellationToken);
            if (batch.Count < BatchSize)
            {
                break;
            }
        }

        var cutoff = now - options.Value.EndedSessionRetention;
        var deleted = await db.Sessions.Where(s => s.EndedAt != null && s.EndedAt < cutoff).ExecuteDeleteAsync(cancellationToken);

        // A proxy-granting ticket lives only while its session does; one nobody claimed is dropped after the bind window.
        var unclaimedBefore = now - ProxyGrantingTicket.BindWindow;
        var droppedTickets = await db.ProxyGrantingTickets
            .Where(t => (t.SessionIdHash == null && t.ReceivedAt < unclaimedBefore)
                || (t.SessionIdHash != null && !db.Sessions.Any(s => s.IdHash == t.SessionIdHash && s.EndedAt == null)))
            .ExecuteDeleteAsync(cancellationToken);
        return new CloseExpiredSessionsResult(expired, deleted, droppedTickets);
    }
}
