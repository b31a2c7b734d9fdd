namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// The CAS back channel's log lines. Event ids 2000–2099 are stable; alerts may key on them. A ticket never appears:
/// <c>TicketHash</c> (and <c>PgtHash</c>, <c>ProxyTicketHash</c>) is the first characters of its SHA-256 (see
/// <c>TicketHash</c>), which audit rows carry too.
/// </summary>
internal static partial class CasGatewayLog
{
    [LoggerMessage(EventId = 2000, EventName = "CasValidating", Level = LogLevel.Debug,
        Message = "Validating CAS ticket #{TicketHash} for service {ServiceUrl}")]
    public static partial void Validating(ILogger logger, string ticketHash, string serviceUrl);

    // Debug: the web layer logs each sign-in once at Information, and the audit log records it.
    [LoggerMessage(EventId = 2001, EventName = "CasTicketValidated", Level = LogLevel.Debug,
        Message = "CAS ticket #{TicketHash} validated for {Username} with {AttributeCount} attributes in {ElapsedMs} ms")]
    public static partial void Validated(ILogger logger, string ticketHash, string username, int attributeCount, long elapsedMs);

    [LoggerMessage(EventId = 2002, EventName = "CasTicketRejected", Level = LogLevel.Information,
        Message = "CAS server rejected ticket #{TicketHash} with {Code}: {Reason} ({ElapsedMs} ms)")]
    public static partial void TicketRejected(ILogger logger, string ticketHash, string code, string reason, long elapsedMs);

    [LoggerMessage(EventId = 2003, EventName = "CasAnswerUnusable", Level = LogLevel.Warning,
        Message = "CAS validation of ticket #{TicketHash} failed, {Code}: {Reason} ({ElapsedMs} ms)")]
    public static partial void AnswerUnusable(ILogger logger, string ticketHash, string code, string reason, long elapsedMs);

    [LoggerMessage(EventId = 2004, EventName = "CasUnreachable", Level = LogLevel.Warning,
        Message = "CAS validation of ticket #{TicketHash} failed, no answer could be read ({HttpRequestError}): {Detail} ({ElapsedMs} ms)")]
    public static partial void Unreachable(ILogger logger, string ticketHash, string httpRequestError, string detail, long elapsedMs);

    [LoggerMessage(EventId = 2005, EventName = "CasTimedOut", Level = LogLevel.Warning,
        Message = "CAS validation of ticket #{TicketHash} timed out after {TimeoutMs} ms")]
    public static partial void TimedOut(ILogger logger, string ticketHash, long timeoutMs);

    [LoggerMessage(EventId = 2006, EventName = "CasValidationCancelled", Level = LogLevel.Debug,
        Message = "CAS validation of ticket #{TicketHash} was cancelled by the caller after {ElapsedMs} ms")]
    public static partial void Cancelled(ILogger logger, string ticketHash, long elapsedMs);

    [LoggerMessage(EventId = 2007, EventName = "CasAnyProxyAccepted", Level = LogLevel.Warning,
        Message = "CAS ticket #{TicketHash} came through proxies {ProxyChain}, accepted only because Cas:AcceptAnyProxy is on")]
    public static partial void AnyProxyAccepted(ILogger logger, string ticketHash, string proxyChain);

    [LoggerMessage(EventId = 2010, EventName = "CasProxyTicketRequesting", Level = LogLevel.Debug,
        Message = "Requesting a CAS proxy ticket with PGT #{PgtHash} for {TargetService}")]
    public static partial void ProxyTicketRequesting(ILogger logger, string pgtHash, string targetService);

    [LoggerMessage(EventId = 2011, EventName = "CasProxyTicketIssued", Level = LogLevel.Information,
        Message = "CAS issued proxy ticket #{ProxyTicketHash} with PGT #{PgtHash} for {TargetService} in {ElapsedMs} ms")]
    public static partial void ProxyTicketIssued(ILogger logger, string proxyTicketHash, string pgtHash, string targetService, long elapsedMs);

    [LoggerMessage(EventId = 2012, EventName = "CasProxyTicketRefused", Level = LogLevel.Information,
        Message = "CAS refused a proxy ticket with PGT #{PgtHash} for {TargetService}, {Code}: {Reason} ({ElapsedMs} ms)")]
    public static partial void ProxyTicketRefused(ILogger logger, string pgtHash, string targetService, string code, string reason, long elapsedMs);

    [LoggerMessage(EventId = 2013, EventName = "CasProxyTicketFailed", Level = LogLevel.Warning,
        Message = "CAS proxy ticket request with PGT #{PgtHash} for {TargetService} failed, {Code}: {Reason} ({ElapsedMs} ms)")]
    public static partial void ProxyTicketFailed(ILogger logger, string pgtHash, string targetService, string code, string reason, long elapsedMs);

    [LoggerMessage(EventId = 2014, EventName = "CasProxyTicketCancelled", Level = LogLevel.Debug,
        Message = "CAS proxy ticket request with PGT #{PgtHash} was cancelled by the caller after {ElapsedMs} ms")]
    public static partial void ProxyTicketCancelled(ILogger logger, string pgtHash, long elapsedMs);
}
