namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// What the portal demands of a successful answer beyond its format, the same for every protocol: the proxy chain is
/// allowed (<see cref="ProxyChainPolicy"/>) and the username comes from Cas:UsernameAttribute when that is set. A failed
/// demand is a TicketRejected failure. Cas:RequireProxyGrantingTicket is the sign-in's to decide, not the answer's: only
/// the proxy callback's delivery proves the ticket came.
/// </summary>
internal static class CasAssertionRules
{
    public static CasValidationResult Apply(CasValidationResult result, CasOptions options)
    {
        if (result.Assertion is not { } assertion)
        {
            return result;
        }

        var proxies = assertion.Proxies ?? [];
        if (!ProxyChainPolicy.IsAllowed(proxies, options))
        {
            return Rejected(
                CasFailureCodes.ProxyChainNotAllowed,
                ServerText.Clean($"The ticket came through proxies that Cas:AllowedProxyChains does not allow: {string.Join(" ", proxies)}"));
        }

        if (string.IsNullOrEmpty(options.UsernameAttribute))
        {
            return result;
        }

        var name = options.UsernameAttribute;
        var reason = assertion.Attributes.TryGetValue(name, out var values)
            ? values switch
            {
                [var value] when value.Length > 0 && !value.Any(char.IsControl) => null,
                [_] => $"The CAS server's '{ServerText.Quote(name)}' attribute, which Cas:UsernameAttribute names as the username, is empty or holds control characters.",
                _ => $"The CAS server's answer holds {values.Count} values of '{ServerText.Quote(name)}', which Cas:UsernameAttribute names as the username; it needs exactly one.",
            }
            : $"The CAS server's answer has no '{ServerText.Quote(name)}' attribute, which Cas:UsernameAttribute names as the username.";

        return reason is null
            ? CasValidationResult.Success(assertion with { Username = values![0] })
            : Rejected(CasFailureCodes.UsernameAttributeMissing, reason);
    }

    private static CasValidationResult Rejected(string code, string reason) =>
        CasValidationResult.Failed(CasFailureKind.TicketRejected, code, reason);
}
