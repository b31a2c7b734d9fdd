namespace CasPortal.Application.Common.Interfaces;

/// <summary>Calls another CAS-protected service for the user with a proxy ticket (a real HTTP seam).</summary>
public interface ILinkedServiceClient
{
    /// <summary>GETs <paramref name="serviceUrl"/> with <c>ticket=</c>; never throws for what the service or network does.</summary>
    Task<LinkedServiceAnswer> CallAsync(string serviceUrl, string proxyTicket, CancellationToken cancellationToken);
}

/// <param name="Text">The service's answer as text (capped), when it answered 2xx.</param>
/// <param name="Problem">Why there is no answer, in plain words.</param>
public sealed record LinkedServiceAnswer(string? Text, string? Problem);
