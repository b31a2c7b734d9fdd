using CasPortal.Application.Common.Cas;
using CasPortal.Infrastructure.Cas;

namespace CasPortal.Infrastructure.Tests.Cas;

public class Saml11ResponseParserTests
{
    private static readonly DateTimeOffset Now = CasConformanceTests.SamlNow;
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(2);

    // saml11-response-success.xml: NotBefore 10:15:02.817Z, NotOnOrAfter 10:15:32.817Z.
    private static readonly DateTimeOffset NotBefore = new(2026, 11, 27, 10, 15, 2, 817, TimeSpan.Zero);
    private static readonly DateTimeOffset NotOnOrAfter = new(2026, 11, 27, 10, 15, 32, 817, TimeSpan.Zero);

    [Fact]
    public void Success_sample_reads_the_user_and_every_attribute_value()
    {
        var assertion = Parse(Samples.Read("saml11-response-success.xml")).Assertion!;

        Assert.Equal("alice", assertion.Username);
        Assert.Equal([("mail", "alice@example.edu"), ("memberOf", "staff"), ("memberOf", "portal-admins")], CasConformanceTests.Flatten(assertion));
        Assert.Null(assertion.ProxyGrantingTicketIou);
        Assert.Null(assertion.Proxies);
    }

    [Fact]
    public void Prefixed_answer_with_microseconds_and_offsets_and_no_soap_header_is_read()
    {
        var assertion = Parse(Samples.Read("saml11-response-success-microseconds.xml")).Assertion!;

        Assert.Equal("bob", assertion.Username);
        Assert.Equal([("displayName", "Bob & Co <IT>"), ("memberOf", "staff"), ("memberOf", "faculty")], CasConformanceTests.Flatten(assertion));
    }

    public static TheoryData<string, string, string?> ClockCases => new()
    {
        // Skew 2 minutes around 10:15:02.817 .. 10:15:32.817 (NotOnOrAfter is exclusive).
        { "2026-11-27T10:13:02.817Z", "00:02:00", null },
        { "2026-11-27T10:13:02.816Z", "00:02:00", CasFailureCodes.SamlAssertionNotYetValid },
        { "2026-11-27T10:17:32.816Z", "00:02:00", null },
        { "2026-11-27T10:17:32.817Z", "00:02:00", CasFailureCodes.SamlAssertionExpired },
        { "2026-11-27T10:15:02.817Z", "00:00:00", null },
        { "2026-11-27T10:15:32.817Z", "00:00:00", CasFailureCodes.SamlAssertionExpired },
        { "2026-11-27T11:15:10+01:00", "00:00:00", null },
    };

    [Theory]
    [MemberData(nameof(ClockCases))]
    public void Validity_window_is_checked_against_the_clock_with_the_configured_skew(string now, string skew, string? code)
    {
        var result = Saml11ResponseParser.Parse(Samples.Read("saml11-response-success.xml"), DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Parse(skew, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(code, result.Failure?.Code);
        Assert.Equal(code is null, result.Succeeded);
        if (code is not null)
        {
            Assert.Equal(CasFailureKind.TicketRejected, result.Failure!.Kind);
        }
    }

    [Fact]
    public void Expired_assertion_says_when_it_expired_and_what_the_clock_said()
    {
        var failure = Parse(Samples.Read("saml11-response-expired.xml")).Failure!;

        Assert.Equal(
            (CasFailureKind.TicketRejected, CasFailureCodes.SamlAssertionExpired,
                "The CAS server's SAML assertion expired at 2026-11-27T09:10:30.123Z; the portal's clock says 2026-11-27T10:15:05.000Z, "
                + "allowing 00:02:00 of clock skew (Cas:SamlClockSkew)."),
            (failure.Kind, failure.Code, failure.Reason));
    }

    [Fact]
    public void Assertion_from_the_future_says_from_when_it_is_valid()
    {
        var failure = Saml11ResponseParser.Parse(Samples.Read("saml11-response-success.xml"), NotBefore.AddMinutes(-5), Skew).Failure!;

        Assert.Equal(
            "The CAS server's SAML assertion is valid only from 2026-11-27T10:15:02.817Z; the portal's clock says 2026-11-27T10:10:02.817Z, "
            + "allowing 00:02:00 of clock skew (Cas:SamlClockSkew).",
            failure.Reason);
    }

    [Theory]
    [InlineData("saml11-response-failure.xml", "RequestDenied", "Ticket [ticket] not recognized")]
    [InlineData("saml11-response-failure-message-in-statuscode.xml", "INVALID_TICKET", "Ticket [ticket] not recognized")]
    [InlineData("hostile-saml-success-injected-in-failure.xml", "RequestDenied", "Ticket not recognized")]
    public void Refusal_carries_the_status_local_name_and_the_servers_message_without_tickets(string sample, string code, string reason)
    {
        var failure = Parse(Samples.Read(sample)).Failure!;

        Assert.Equal((CasFailureKind.TicketRejected, code, reason), (failure.Kind, failure.Code, failure.Reason));
    }

    [Fact]
    public void Standard_subcode_is_named_in_the_reason()
    {
        var failure = Parse(Response("""
            <samlp:Status>
              <samlp:StatusCode Value="samlp:Responder"><samlp:StatusCode Value="samlp:RequestDenied"/></samlp:StatusCode>
              <samlp:StatusMessage>Ticket expired</samlp:StatusMessage>
            </samlp:Status>
            """)).Failure!;

        Assert.Equal(("Responder", "RequestDenied: Ticket expired"), (failure.Code, failure.Reason));
    }

    [Fact]
    public void Refusal_without_a_message_still_has_a_reason()
    {
        var failure = Parse(Response("""<samlp:Status><samlp:StatusCode Value="samlp:Requester"/></samlp:Status>""")).Failure!;

        Assert.Equal(("Requester", "The CAS server refused the ticket (Requester) without a description."), (failure.Code, failure.Reason));
    }

    [Theory]
    [InlineData("""xmlns:p="urn:oasis:names:tc:SAML:1.0:protocol" Value="p:Success" """)]
    [InlineData("""xmlns="urn:oasis:names:tc:SAML:1.0:protocol" Value="Success" """)]
    [InlineData("""Value=" samlp:Success " """)]
    public void Success_is_a_qname_resolved_by_its_own_prefix(string attributes)
    {
        var result = Parse(Response($"""<samlp:Status><samlp:StatusCode {attributes}/></samlp:Status>{Assertion("alice")}"""));

        Assert.Equal("alice", result.Assertion?.Username);
    }

    [Theory]
    [InlineData("""Value="Success" """, "its prefix is bound to 'urn:oasis:names:tc:SAML:1.0:assertion'.")]
    [InlineData("""Value="x:Success" """, "its prefix is not declared.")]
    [InlineData("""xmlns:s="urn:evil" Value="s:Success" """, "its prefix is bound to 'urn:evil'.")]
    public void Success_in_another_namespace_signs_no_one_in(string attributes, string why)
    {
        // The Response's default namespace in these documents is the SAML assertion namespace.
        var result = Parse(Response($"""<samlp:Status><samlp:StatusCode {attributes}/></samlp:Status>{Assertion("alice")}""", defaultNamespace: Saml11.AssertionNamespace));

        Assert.False(result.Succeeded);
        Assert.Equal(CasFailureCodes.Malformed, result.Failure!.Code);
        Assert.EndsWith(why, result.Failure.Reason);
    }

    [Theory]
    [InlineData("", "The CAS server's SAML Response holds no Status.")]
    [InlineData("""<samlp:Status><samlp:StatusCode Value="samlp:Success"/></samlp:Status>""", "The CAS server's SAML Response holds no Assertion.")]
    [InlineData("""<samlp:Status/>""", "The CAS server's SAML Status holds no StatusCode.")]
    [InlineData("""<samlp:Status><samlp:StatusCode/></samlp:Status>""", "The CAS server's SAML StatusCode has no Value.")]
    [InlineData("""<samlp:Status><samlp:StatusCode Value="samlp:Success"/></samlp:Status><samlp:Status><samlp:StatusCode Value="samlp:Success"/></samlp:Status>""",
        "The CAS server's SAML Response holds more than one Status.")]
    public void Response_without_exactly_one_status_and_assertion_is_refused(string inner, string reason)
    {
        AssertMalformed(Response(inner), reason);
    }

    [Theory]
    [InlineData("""<saml:AuthenticationStatement><saml:Subject><saml:NameIdentifier>alice</saml:NameIdentifier></saml:Subject></saml:AuthenticationStatement>""",
        "The CAS server's SAML assertion holds no Conditions.")]
    [InlineData("""<saml:Conditions NotOnOrAfter="2026-11-27T10:15:32.817Z"/>""",
        "The CAS server's SAML assertion has no NotBefore in its Conditions; the portal needs its validity window.")]
    [InlineData("""<saml:Conditions NotBefore="2026-11-27T10:15:02.817Z"/>""",
        "The CAS server's SAML assertion has no NotOnOrAfter in its Conditions; the portal needs its validity window.")]
    [InlineData("""<saml:Conditions NotBefore="27/11/2026 10:15" NotOnOrAfter="2026-11-27T10:15:32.817Z"/>""",
        "The CAS server's SAML Conditions NotBefore '27/11/2026 10:15' is not a date and time.")]
    [InlineData("""<saml:Conditions NotBefore="2026-11-27T10:15:02Z" NotOnOrAfter="2026-11-27T10:15:32Z"/>""",
        "The CAS server's SAML assertion names no user.")]
    [InlineData("""<saml:Conditions NotBefore="2026-11-27T10:15:02Z" NotOnOrAfter="2026-11-27T10:15:32Z"/><saml:AuthenticationStatement><saml:Subject><saml:NameIdentifier>alice</saml:NameIdentifier></saml:Subject></saml:AuthenticationStatement><saml:AttributeStatement><saml:Subject><saml:NameIdentifier>admin</saml:NameIdentifier></saml:Subject></saml:AttributeStatement>""",
        "The CAS server's SAML assertion names more than one user.")]
    [InlineData("""<saml:Conditions NotBefore="2026-11-27T10:15:02Z" NotOnOrAfter="2026-11-27T10:15:32Z"/><saml:AuthenticationStatement><saml:Subject><saml:NameIdentifier>ad<b/>min</saml:NameIdentifier></saml:Subject></saml:AuthenticationStatement>""",
        "The CAS server's SAML NameIdentifier holds markup instead of a name.")]
    [InlineData("""<saml:Conditions NotBefore="2026-11-27T10:15:02Z" NotOnOrAfter="2026-11-27T10:15:32Z"/><saml:AuthenticationStatement><saml:Subject><saml:NameIdentifier> </saml:NameIdentifier></saml:Subject></saml:AuthenticationStatement>""",
        "The CAS server's SAML assertion names an empty user.")]
    [InlineData("""<saml:Conditions NotBefore="2026-11-27T10:15:02Z" NotOnOrAfter="2026-11-27T10:15:32Z"/><saml:Foo><saml:AuthenticationStatement><saml:Subject><saml:NameIdentifier>admin</saml:NameIdentifier></saml:Subject></saml:AuthenticationStatement></saml:Foo>""",
        "The CAS server's SAML assertion names no user.")]
    public void Assertion_without_a_window_or_exactly_one_plain_user_is_refused(string assertionContent, string reason)
    {
        AssertMalformed(Response($"""<samlp:Status><samlp:StatusCode Value="samlp:Success"/></samlp:Status><saml:Assertion>{assertionContent}</saml:Assertion>"""), reason);
    }

    [Fact]
    public void User_only_in_the_attribute_statement_is_enough()
    {
        var result = Parse(Response($"""
            <samlp:Status><samlp:StatusCode Value="samlp:Success"/></samlp:Status>
            <saml:Assertion>
              <saml:Conditions NotBefore="2026-11-27T10:15:02Z" NotOnOrAfter="2026-11-27T10:15:32Z"/>
              <saml:AttributeStatement>
                <saml:Subject><saml:NameIdentifier> carol </saml:NameIdentifier></saml:Subject>
                <saml:Attribute AttributeName="mail"><saml:AttributeValue>c@example.edu</saml:AttributeValue></saml:Attribute>
              </saml:AttributeStatement>
            </saml:Assertion>
            """));

        Assert.Equal("carol", result.Assertion?.Username);
        Assert.Equal(["c@example.edu"], result.Assertion!.Attributes["mail"]);
    }

    [Theory]
    [InlineData("saml11-soap-fault-version-mismatch.xml", "The CAS server answered a SOAP fault (VersionMismatch): SOAP envelope without a Header; ticket [ticket] not read")]
    public void Soap_fault_is_a_server_error_with_its_code_and_text(string sample, string reason)
    {
        var failure = Parse(Samples.Read(sample)).Failure!;

        Assert.Equal((CasFailureKind.ServerError, CasFailureCodes.SoapFault, reason), (failure.Kind, failure.Code, failure.Reason));
    }

    [Theory]
    [InlineData("cas3-serviceValidate-success-attributes.xml",
        "The CAS server's answer is a CAS serviceResponse, not a SAML 1.1 answer (does Cas:ProtocolVersion match the server?).")]
    [InlineData("saml11-request.xml", "The CAS server's SOAP Body holds 'Request' instead of a SAML 1.1 Response.")]
    [InlineData("hostile-saml-two-assertions.xml", "The CAS server's SAML Response holds more than one Assertion.")]
    [InlineData("hostile-saml-xxe.xml", "The CAS server's answer declares a DTD, which the portal refuses (it can smuggle in entities or files).")]
    [InlineData("not-xml-html-login-page.html", "The CAS server's answer is not XML (it looks like an HTML page).")]
    [InlineData("cas3-success.json", "The CAS server's answer is JSON, not the XML the portal asked for.")]
    public void Other_documents_are_malformed_and_say_why(string sample, string reason)
    {
        AssertMalformed(Samples.Read(sample), reason);
    }

    [Theory]
    [InlineData("""<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body/></s:Envelope>""",
        "The CAS server's SOAP envelope is in namespace 'http://www.w3.org/2003/05/soap-envelope' instead of SOAP 1.1 (http://schemas.xmlsoap.org/soap/envelope/).")]
    [InlineData("""<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"/>""",
        "The CAS server's SOAP envelope must hold an optional Header and then one Body, nothing else.")]
    [InlineData("""<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/><s:Body/></s:Envelope>""",
        "The CAS server's SOAP envelope must hold an optional Header and then one Body, nothing else.")]
    [InlineData("""<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>""", "The CAS server's SOAP Body is empty.")]
    [InlineData("""<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><a/><b/></s:Body></s:Envelope>""",
        "The CAS server's SOAP Body holds more than one element; a SAML answer holds exactly one.")]
    [InlineData("""<Response xmlns="urn:oasis:names:tc:SAML:1.0:protocol"/>""",
        "The CAS server's answer is XML but not a SOAP envelope (its root element is 'Response').")]
    public void Envelope_must_hold_an_optional_header_and_one_body_with_one_answer(string body, string reason)
    {
        AssertMalformed(body, reason);
    }

    [Fact]
    public void Response_of_another_saml_major_version_is_refused()
    {
        var body = Samples.Read("saml11-response-success.xml").Replace("MajorVersion=\"1\" MinorVersion=\"1\" Recipient", "MajorVersion=\"2\" MinorVersion=\"0\" Recipient", StringComparison.Ordinal);

        AssertMalformed(body, "The CAS server's SAML Response is version '2', not SAML 1.");
    }

    [Fact]
    public async Task Deeply_nested_saml_is_refused_quickly()
    {
        const int depth = 120_000;
        var nested = string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth));

        var result = await Task.Run(() => Parse(Response($"<samlp:Status><samlp:StatusCode Value=\"samlp:Success\"/></samlp:Status>{nested}"))).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(
            $"The CAS server's answer is nested more than {CasXml.MaxDepth} levels deep; a CAS answer is far flatter.",
            result.Failure!.Reason);
    }

    private static CasValidationResult Parse(string body) => Saml11ResponseParser.Parse(body, Now, Skew);

    private static void AssertMalformed(string body, string reason)
    {
        var result = Parse(body);

        Assert.False(result.Succeeded);
        Assert.Equal((CasFailureKind.ServerError, CasFailureCodes.Malformed, reason), (result.Failure!.Kind, result.Failure.Code, result.Failure.Reason));
    }

    private static string Assertion(string user) => $"""
        <saml:Assertion>
          <saml:Conditions NotBefore="{NotBefore:yyyy-MM-ddTHH:mm:ss.fffZ}" NotOnOrAfter="{NotOnOrAfter:yyyy-MM-ddTHH:mm:ss.fffZ}"/>
          <saml:AuthenticationStatement><saml:Subject><saml:NameIdentifier>{user}</saml:NameIdentifier></saml:Subject></saml:AuthenticationStatement>
        </saml:Assertion>
        """;

    private static string Response(string inner, string? defaultNamespace = null) => $"""
        <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">
          <SOAP-ENV:Header/>
          <SOAP-ENV:Body>
            <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:1.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion"{(defaultNamespace is null ? "" : $" xmlns=\"{defaultNamespace}\"")} MajorVersion="1" MinorVersion="1">
              {inner}
            </samlp:Response>
          </SOAP-ENV:Body>
        </SOAP-ENV:Envelope>
        """;
}
