namespace CasPortal.Benchmarks.Parsers;

/// <summary>
/// The CAS server answers the micro-benchmarks parse, shaped like a CAS 6/7 server's: the same user and the same ten
/// attributes (one value each) in every format that carries attributes, so the formats compare like for like.
/// </summary>
public static class CasAnswers
{
    public static readonly (string Name, string Value)[] TenAttributes =
    [
        ("authenticationDate", "2026-11-27T10:15:02.184Z"),
        ("isFromNewLogin", "true"),
        ("longTermAuthenticationRequestTokenUsed", "false"),
        ("successfulAuthenticationHandlers", "LdapAuthenticationHandler"),
        ("uid", "alice"),
        ("displayName", "Alice Martin"),
        ("givenName", "Alice"),
        ("sn", "Martin"),
        ("mail", "alice.martin@example.edu"),
        ("memberOf", "cn=portal-admins,ou=groups,dc=example,dc=edu"),
    ];

    public const string Cas1Success = "yes\nalice\n";
    public const string Cas1Failure = "no\n\n";

    public const string Cas2Success = """
        <cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
          <cas:authenticationSuccess>
            <cas:user>alice</cas:user>
          </cas:authenticationSuccess>
        </cas:serviceResponse>
        """;

    public static readonly string Cas3XmlSuccessTenAttributes = $"""
        <cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
          <cas:authenticationSuccess>
            <cas:user>alice</cas:user>
            <cas:attributes>
        {string.Concat(TenAttributes.Select(a => $"      <cas:{a.Name}>{a.Value}</cas:{a.Name}>\n"))}    </cas:attributes>
          </cas:authenticationSuccess>
        </cas:serviceResponse>
        """;

    public const string Cas3XmlFailure = """
        <cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
          <cas:authenticationFailure code="INVALID_TICKET">
            Ticket ST-1856339-aA5Yuvrxzpv8Tau1cYQ7 not recognized
          </cas:authenticationFailure>
        </cas:serviceResponse>
        """;

    public static readonly string Cas3JsonSuccessTenAttributes =
        "{\"serviceResponse\":{\"authenticationSuccess\":{\"user\":\"alice\",\"attributes\":{"
        + string.Join(",", TenAttributes.Select(a => $"\"{a.Name}\":[\"{a.Value}\"]"))
        + "}}}}";

    public const string Cas3JsonFailure =
        "{\"serviceResponse\":{\"authenticationFailure\":{\"code\":\"INVALID_TICKET\",\"description\":\"Ticket ST-1856339-aA5Yuvrxzpv8Tau1cYQ7 not recognized\"}}}";

    public const string ProxySuccess = """
        <cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
          <cas:proxySuccess>
            <cas:proxyTicket>PT-1856392-b98xZrQN4p90ASrw96c8</cas:proxyTicket>
          </cas:proxySuccess>
        </cas:serviceResponse>
        """;

    /// <summary>Valid from 10:15:02.817 to 10:15:32.817 UTC; parse with <see cref="SamlNow"/>.</summary>
    public static readonly string Saml11SuccessTenAttributes = $"""
        <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">
          <SOAP-ENV:Header/>
          <SOAP-ENV:Body>
            <Response xmlns="urn:oasis:names:tc:SAML:1.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion"
                xmlns:samlp="urn:oasis:names:tc:SAML:1.0:protocol" IssueInstant="2026-11-27T10:15:02.817Z"
                MajorVersion="1" MinorVersion="1" Recipient="https://portal.example.edu/login"
                ResponseID="_5c94b5431c540365e5a70b2874b75996">
              <Status>
                <StatusCode Value="samlp:Success"/>
              </Status>
              <Assertion xmlns="urn:oasis:names:tc:SAML:1.0:assertion" AssertionID="_e5c23ff7a3889e12fa01802a47331653"
                  IssueInstant="2026-11-27T10:15:02.817Z" Issuer="cas.example.edu" MajorVersion="1" MinorVersion="1">
                <Conditions NotBefore="2026-11-27T10:15:02.817Z" NotOnOrAfter="2026-11-27T10:15:32.817Z">
                  <AudienceRestrictionCondition>
                    <Audience>https://portal.example.edu/login</Audience>
                  </AudienceRestrictionCondition>
                </Conditions>
                <AttributeStatement>
                  <Subject>
                    <NameIdentifier>alice</NameIdentifier>
                    <SubjectConfirmation>
                      <ConfirmationMethod>urn:oasis:names:tc:SAML:1.0:cm:artifact</ConfirmationMethod>
                    </SubjectConfirmation>
                  </Subject>
        {string.Concat(TenAttributes.Select(a =>
            $"          <Attribute AttributeName=\"{a.Name}\" AttributeNamespace=\"http://www.ja-sig.org/products/cas/\">\n" +
            $"            <AttributeValue>{a.Value}</AttributeValue>\n" +
            "          </Attribute>\n"))}        </AttributeStatement>
                <AuthenticationStatement AuthenticationInstant="2026-11-27T10:15:02.741Z"
                    AuthenticationMethod="urn:oasis:names:tc:SAML:1.0:am:password">
                  <Subject>
                    <NameIdentifier>alice</NameIdentifier>
                    <SubjectConfirmation>
                      <ConfirmationMethod>urn:oasis:names:tc:SAML:1.0:cm:artifact</ConfirmationMethod>
                    </SubjectConfirmation>
                  </Subject>
                </AuthenticationStatement>
              </Assertion>
            </Response>
          </SOAP-ENV:Body>
        </SOAP-ENV:Envelope>
        """;

    public static readonly DateTimeOffset SamlNow = new(2026, 11, 27, 10, 15, 10, TimeSpan.Zero);
}
