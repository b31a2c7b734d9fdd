using CasPortal.Domain.Proxy;

namespace CasPortal.Application.Proxy.StoreProxyGrantingTicket;

/// <summary>
/// The CAS server delivers a proxy-granting ticket to the proxy callback (pgtUrl) before it answers the validation
/// that asked for it. Both values are checked against strict patterns (they become database keys, never file names).
/// </summary>
public sealed record StoreProxyGrantingTicketCommand(string Iou, string Ticket)
    : ICommand<ProxyCallbackOutcome>, IAuditedRequest;

public enum ProxyCallbackOutcome
{
    /// <summary>Stored, or already stored under the same IOU (the first ticket is kept).</summary>
    Stored,

    /// <summary>Cas:ProxyCallbackUrl is unset: the portal asked no CAS server for a PGT, so none is taken.</summary>
    NotConfigured,

    /// <summary><see cref="ProxyGrantingTicket.MaxUnclaimed"/> tickets already wait for their validation answer.</summary>
    Full,
}

public sealed class StoreProxyGrantingTicketHandler(IPortalDbContext db, IOptions<CasOptions> cas, TimeProvider clock)
    : ICommandHandler<StoreProxyGrantingTicketCommand, ProxyCallbackOutcome>
{
    public async ValueTask<ProxyCallbackOutcome> Handle(StoreProxyGrantingTicketCommand command, CancellationToken cancellationToken)
    {
        if (cas.Value.ProxyCallbackUrl is null)
        {
            return ProxyCallbackOutcome.NotConfigured;
        }

        // A repeated delivery of the same IOU keeps the first ticket.
        if (await db.ProxyGrantingTickets.FindAsync([command.Iou], cancellationToken) is not null)
        {
            return ProxyCallbackOutcome.Stored;
        }

        // Anyone can reach the callback, so tickets nobody claims are bounded: those past the bind window can never be
        // claimed and go now rather than at the next clean-up, and at most MaxUnclaimed wait at once.
        var now = clock.GetUtcNow().UtcDateTime;
        var claimableSince = now - ProxyGrantingTicket.BindWindow;
        await db.ProxyGrantingTickets
            .Where(t => t.SessionIdHash == null && t.ReceivedAt < claimableSince)
            .ExecuteDeleteAsync(cancellationToken);
        var waiting = await db.ProxyGrantingTickets
            .Where(t => t.SessionIdHash == null)
            .Take(ProxyGrantingTicket.MaxUnclaimed)
            .CountAsync(cancellationToken);
        if (waiting >= ProxyGrantingTicket.MaxUnclaimed)
        {
            return ProxyCallbackOutcome.Full;
        }

        db.ProxyGrantingTickets.Add(new ProxyGrantingTicket(command.Iou, command.Ticket, now));
        await db.SaveChangesAsync(cancellationToken);
        return ProxyCallbackOutcome.Stored;
    }
}
