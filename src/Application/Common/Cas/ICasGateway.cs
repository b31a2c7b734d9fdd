namespace CasPortal.Application.Common.Cas;

/// <summary>The portal's view of its CAS server: the front-channel URLs it sends browsers to, and the back channel.</summary>
public interface ICasGateway
{
    /// <summary>{ServerUrl}/login?service=… with every parameter percent-encoded.</summary>
    Uri BuildLoginUrl(string serviceUrl);

    /// <summary>
    /// Validates a service ticket with exactly <paramref name="serviceUrl"/>. Never throws for what a CAS server or
    /// the network can do; the outcome is in the result. Never retried once sent: tickets are single use.
    /// </summary>
    Task<CasValidationResult> ValidateServiceTicketAsync(string ticket, string serviceUrl, CancellationToken cancellationToken);

    /// <summary>{ServerUrl}/logout?service=…</summary>
    Uri BuildLogoutUrl(string serviceUrl);
}
