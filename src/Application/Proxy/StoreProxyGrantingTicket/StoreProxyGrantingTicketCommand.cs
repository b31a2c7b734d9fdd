using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Interfaces;
using CasPortal.Application.Common.Models;
using CasPortal.Domain.Proxy;
using Mediator;

namespace CasPortal.Application.Proxy.StoreProxyGrantingTicket;

/// <summary>
/// The CAS server delivers a proxy-granting ticket to the proxy callback (pgtUrl) before it answers the validation
/// that asked for it. Both values are checked against strict patterns (they become database keys, never file names).
/// </summary>
public sealed record StoreProxyGrantingTicketCommand(string Iou, string Ticket, RequestOrigin Origin)
    : ICommand, IAuditedRequest;

public sealed class StoreProxyGrantingTicketHandler(IPortalDbContext db, TimeProvider clock)
    : ICommandHandler<StoreProxyGrantingTicketCommand>
{
    public async ValueTask<Unit> Handle(StoreProxyGrantingTicketCommand command, CancellationToken cancellationToken)
    {
        // A repeated delivery of the same IOU keeps the first ticket.
        if (await db.ProxyGrantingTickets.FindAsync([command.Iou], cancellationToken) is null)
        {
            db.ProxyGrantingTickets.Add(new ProxyGrantingTicket(command.Iou, command.Ticket, clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(cancellationToken);
        }

        return Unit.Value;
    }
}
