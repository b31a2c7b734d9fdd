namespace CasPortal.Application.Common.Behaviours;

/// <summary>
/// A request that failed its validator. The messages are written for the user and never contain the
/// rejected values (a malformed ticket is still a ticket).
/// </summary>
public sealed class RequestValidationException(IReadOnlyList<string> messages)
    : Exception("The request was rejected: " + string.Join(" ", messages))
{
    public IReadOnlyList<string> Messages { get; } = messages;
}
