namespace CasPortal.Infrastructure.Cas;

/// <summary>The last step of every parser: one shape of <see cref="CasAssertion"/>, whichever format it came in.</summary>
internal static class CasAssertions
{
    /// <param name="answer">What named the user, for reasons: "authenticationSuccess", "SAML assertion" ….</param>
    /// <param name="user">The user as read (trimmed), or null when the answer named none.</param>
    /// <param name="proxyGrantingTicketIou">The IOU as read (trimmed), null or empty when none was sent.</param>
    /// <param name="proxies">The proxy chain, most recent first; empty for a service ticket.</param>
    public static CasValidationResult Success(
        string answer,
        string? user,
        CasAttributeCollector attributes,
        string? proxyGrantingTicketIou,
        IReadOnlyCollection<string> proxies)
    {
        if (user is null)
        {
            return Malformed($"The CAS server's {answer} names no user.");
        }

        if (user.Length == 0)
        {
            return Malformed($"The CAS server's {answer} names an empty user.");
        }

        if (user.Any(char.IsControl))
        {
            return Malformed($"The CAS server's {answer} names a user with control characters.");
        }

        if (!string.IsNullOrEmpty(proxyGrantingTicketIou) && !Tickets.ProxyGrantingTicketIou().IsMatch(proxyGrantingTicketIou))
        {
            // The IOU becomes a lookup key; phpCAS once used it as a file name.
            return Malformed("The CAS server's proxyGrantingTicket is not a PGTIOU-… ticket of letters, digits, '-' and '.'.");
        }

        return CasValidationResult.Success(new CasAssertion(
            user,
            attributes.ToReadOnly(),
            string.IsNullOrEmpty(proxyGrantingTicketIou) ? null : proxyGrantingTicketIou,
            proxies.Count == 0 ? null : proxies.ToList().AsReadOnly()));
    }

    private static CasValidationResult Malformed(string reason) => CasValidationResult.Failed(CasFailures.Malformed(reason));
}
