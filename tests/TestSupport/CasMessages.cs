namespace CasPortal.TestSupport;

/// <summary>Messages a CAS server sends the portal, as tests post them.</summary>
public static class CasMessages
{
    /// <summary>A SAML 2.0 single-logout request naming <paramref name="ticket"/>, as CAS servers send it.</summary>
    public static string LogoutRequestXml(string ticket) =>
        "<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"LR-1\" Version=\"2.0\" IssueInstant=\"2026-11-27T10:20:11Z\">"
        + "<saml:NameID xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">@NOT_USED@</saml:NameID>"
        + $"<samlp:SessionIndex>{ticket}</samlp:SessionIndex></samlp:LogoutRequest>";

    /// <summary>A CAS 2.0 serviceValidate answer that signs <paramref name="user"/> in, with no attributes.</summary>
    public static string ServiceValidationSuccess(string user) =>
        $"<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"><cas:authenticationSuccess><cas:user>{user}</cas:user></cas:authenticationSuccess></cas:serviceResponse>";
}
