namespace CasPortal.Application.Common.Cas;

/// <summary>
/// The portal's view of its CAS server: the front-channel URLs it sends browsers to, and the back channel. Which CAS
/// version, answer format and options are used is configuration (<c>CasOptions</c>), never the caller's choice.
/// </summary>
public interface ICasGateway
{
    /// <summary>{ServerUrl}/login?service=…[&amp;renew=true][&amp;gateway=true][&amp;method=POST][&amp;extra parameters], all percent-encoded.</summary>
    /// <exception cref="InvalidOperationException">A gateway attempt with renew, asked or by Cas:Renew (the two contradict).</exception>
    Uri BuildLoginUrl(CasLoginRequest request);

    /// <summary>
    /// Validates a service or proxy ticket with exactly <paramref name="serviceUrl"/>, by the configured protocol (CAS
    /// 1.0, 2.0, 3.0 XML/JSON, SAML 1.1). Never throws for what a CAS server or the network can do; the outcome is in
    /// the result. Never retried once sent: tickets are single use. A proxy ticket's chain is checked against
    /// Cas:AllowedProxyChains / Cas:AcceptAnyProxy before it counts as a success.
    /// </summary>
    Task<CasValidationResult> ValidateServiceTicketAsync(string ticket, string serviceUrl, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="ValidateServiceTicketAsync(string, string, CancellationToken)"/>; with <paramref name="renew"/> the
    /// validation asks <c>renew=true</c>, so the server refuses a ticket from single sign-on. Send it exactly when the
    /// login asked for renew.
    /// </summary>
    Task<CasValidationResult> ValidateServiceTicketAsync(string ticket, string serviceUrl, bool renew, CancellationToken cancellationToken);

    /// <summary>
    /// Asks CAS (<c>/proxy</c>) for a proxy ticket to <paramref name="targetService"/> with a proxy-granting ticket
    /// (PGT-…). Never throws for what a CAS server or the network can do, never retried, never logs the PGT.
    /// </summary>
    /// <exception cref="ArgumentException">The value is not a PGT-… ticket (the message does not repeat it).</exception>
    Task<ProxyTicketResult> RequestProxyTicketAsync(string proxyGrantingTicket, string targetService, CancellationToken cancellationToken);

    /// <summary>{ServerUrl}/logout?service=… (CAS 3.0, SAML 1.1) or ?url=… (CAS 1.0, 2.0).</summary>
    Uri BuildLogoutUrl(string serviceUrl);
}
