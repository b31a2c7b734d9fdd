using System.Xml.Linq;

namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// Reads a CAS <c>/proxy</c> answer: <c>cas:serviceResponse/cas:proxySuccess/cas:proxyTicket</c> or
/// <c>cas:proxyFailure code="…"</c> (INVALID_REQUEST, UNAUTHORIZED_SERVICE, INTERNAL_ERROR; unknown codes kept).
/// Same strictness as <see cref="CasServiceResponseParser"/>; the proxy ticket must be a well-formed PT-… ticket.
/// Never throws; no reason ever contains a ticket.
/// </summary>
internal static class CasProxyResponseParser
{
    public static ProxyTicketResult Parse(string body)
    {
        if (!CasXml.TryReadServiceResponse(body, "proxySuccess", "proxyFailure", out var answer, out var problem))
        {
            return Malformed(problem);
        }

        if (answer.Name.LocalName == "proxyFailure")
        {
            return ProxyTicketResult.Failed(CasXml.Refusal(answer, "the proxy ticket request"));
        }

        var tickets = answer.Elements(CasXml.Cas + "proxyTicket").Take(2).ToList();
        if (tickets is not [var ticketElement])
        {
            return Malformed(tickets.Count == 0
                ? "The CAS server's proxySuccess holds no proxyTicket."
                : "The CAS server's proxySuccess holds more than one proxyTicket.");
        }

        var ticket = CasXml.DirectText(ticketElement).Trim();
        return !ticketElement.HasElements && Tickets.ProxyTicket().IsMatch(ticket)
            ? ProxyTicketResult.Success(ticket)
            : Malformed("The CAS server's proxyTicket is not a PT-… ticket of letters, digits, '-' and '.'.");
    }

    private static ProxyTicketResult Malformed(string reason) => ProxyTicketResult.Failed(CasFailures.Malformed(reason));
}
