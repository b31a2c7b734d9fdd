namespace CasPortal.Application.Common.Cas;

/// <summary>What one trip to the CAS login page asks for.</summary>
/// <param name="ServiceUrl">Where CAS sends the browser back with the ticket; validation must send the same string.</param>
/// <param name="GatewayAttempt">
/// <c>gateway=true</c>: CAS signs the user in silently if it can and otherwise returns to the service without a ticket.
/// Callers try it at most once per browser session, and only when Cas:Gateway is on.
/// </param>
/// <param name="Renew">
/// <c>renew=true</c> for this sign-in alone (a revoked user or browser must type the password), as Cas:Renew does for
/// every sign-in.
/// </param>
public sealed record CasLoginRequest(string ServiceUrl, bool GatewayAttempt = false, bool Renew = false);
