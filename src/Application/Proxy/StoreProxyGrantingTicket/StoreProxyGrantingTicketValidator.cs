namespace CasPortal.Application.Proxy.StoreProxyGrantingTicket;

public sealed class StoreProxyGrantingTicketValidator : AbstractValidator<StoreProxyGrantingTicketCommand>
{
    public StoreProxyGrantingTicketValidator()
    {
        // Messages never repeat the values: a PGT is a credential.
        RuleFor(c => c.Iou).Matches(Tickets.ProxyGrantingTicketIouPattern).WithMessage("The proxy callback received a malformed PGTIOU.");
        RuleFor(c => c.Ticket).Matches(Tickets.ProxyGrantingTicketPattern).WithMessage("The proxy callback received a malformed PGT.");
    }
}
