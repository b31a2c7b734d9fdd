namespace CasPortal.Application.Common.Behaviours;

/// <summary>
/// A request that failed its validator. The messages are written for the user and never contain the
/// rejected values (a malformed ticket is still a ticket).
/// </summary>
/// <param name="AuditedRequest">
/// The refused request in words ("Validate ticket") when its refusal is worth an audit record; null otherwise.
/// </param>
public sealed class RequestValidationException(IReadOnlyList<string> messages, string? auditedRequest = null)
    : Exception("The request was rejected: " + string.Join(" ", messages))
{
    public IReadOnlyList<string> Messages { get; } = messages;

    public string? AuditedRequest { get; } = auditedRequest;
}
