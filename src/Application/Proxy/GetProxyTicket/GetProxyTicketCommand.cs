namespace CasPortal.Application.Proxy.GetProxyTicket;

/// <summary>
/// Asks the CAS server for a proxy ticket so the portal can call <paramref name="TargetService"/> as the signed-in user,
/// with the proxy-granting ticket bound to that user's session.
/// </summary>
public sealed record GetProxyTicketCommand(string SessionId, string SessionReference, string Username, string TargetService)
    : ICommand<ProxyTicketResult>;

public sealed class GetProxyTicketHandler(ICasGateway cas, IPortalDbContext db, AuditTrail audit)
    : ICommandHandler<GetProxyTicketCommand, ProxyTicketResult>
{
    public const string NoProxyGrantingTicket = "NO_PROXY_GRANTING_TICKET";

    public async ValueTask<ProxyTicketResult> Handle(GetProxyTicketCommand command, CancellationToken cancellationToken)
    {
        var sessionIdHash = PortalSession.HashOfId(command.SessionId);
        var pgt = await db.ProxyGrantingTickets.AsNoTracking()
            .Where(t => t.SessionIdHash == sessionIdHash)
            .OrderByDescending(t => t.ReceivedAt)
            .Select(t => t.Ticket)
            .FirstOrDefaultAsync(cancellationToken);

        var result = pgt is null
            ? ProxyTicketResult.Failed(CasFailureKind.TicketRejected, NoProxyGrantingTicket,
                "This session holds no proxy-granting ticket: the CAS server did not deliver one at sign-in.")
            : await cas.RequestProxyTicketAsync(pgt, command.TargetService, cancellationToken);

        if (result.Failure is { } failure)
        {
            audit.Record(AuditEventType.ProxyTicketRefused, command.Username, command.SessionReference,
                $"For {command.TargetService}: {failure.Reason}", failure.Code);
        }
        else
        {
            audit.Record(AuditEventType.ProxyTicketIssued, command.Username, command.SessionReference, $"For {command.TargetService}");
        }

        await db.SaveChangesAsync(cancellationToken);
        return result;
    }
}
