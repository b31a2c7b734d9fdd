using Microsoft.Extensions.Logging;

namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// The CAS back channel's log lines. Event ids 2000–2099 are stable; alerts may key on them. A ticket never appears:
/// <c>TicketHash</c> is the first characters of its SHA-256 (see <c>TicketHash</c>), which audit rows carry too.
/// </summary>
internal static partial class CasGatewayLog
{
    [LoggerMessage(EventId = 2000, EventName = "CasValidating", Level = LogLevel.Debug,
        Message = "Validating CAS ticket #{TicketHash} for service {ServiceUrl}")]
    public static partial void Validating(ILogger logger, string ticketHash, string serviceUrl);

    [LoggerMessage(EventId = 2001, EventName = "CasTicketValidated", Level = LogLevel.Information,
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
}
