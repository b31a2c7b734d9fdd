namespace CasPortal.Application.Common.Cas;

/// <summary>
/// The answer of CAS <c>/proxy</c>: a proxy ticket (PT-…) for the target service, or why none was issued. A class, not
/// a record, so that printing a result never prints the ticket. A failure is TicketRejected with the server's code
/// (INVALID_REQUEST, UNAUTHORIZED_SERVICE, INTERNAL_ERROR, or an unknown one kept as sent), or ServerError/Timeout for
/// transport faults and answers that are not CAS documents.
/// </summary>
public sealed class ProxyTicketResult : CasResult<string>
{
    private ProxyTicketResult(string? proxyTicket, CasFailure? failure) : base(proxyTicket, failure)
    {
    }

    /// <summary>The proxy ticket to hand to the target service; single use, short-lived.</summary>
    public string? ProxyTicket => Value;

    public static ProxyTicketResult Success(string proxyTicket)
    {
        ArgumentException.ThrowIfNullOrEmpty(proxyTicket);
        return new(proxyTicket, null);
    }

    public static ProxyTicketResult Failed(CasFailureKind kind, string code, string reason) => Failed(new CasFailure(kind, code, reason));

    public static ProxyTicketResult Failed(CasFailure failure) => new(null, failure);

    public override string ToString() =>
        Failure is { } failure ? $"Failed: {failure.Code}: {failure.Reason}" : "Succeeded: [proxy ticket]";
}
