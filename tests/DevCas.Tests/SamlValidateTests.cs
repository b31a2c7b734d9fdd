using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using static CasPortal.DevCas.Tests.DevCasTestHost;

namespace CasPortal.DevCas.Tests;

public sealed class SamlValidateTests
{
    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    private static readonly XNamespace Samlp = "urn:oasis:names:tc:SAML:1.0:protocol";
    private static readonly XNamespace Saml = "urn:oasis:names:tc:SAML:1.0:assertion";

    [Fact]
    public async Task A_valid_ticket_gets_a_SAML_assertion_with_name_attributes_and_a_short_validity_window()
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();
        cas.Time.Advance(TimeSpan.FromSeconds(2));
        var now = cas.Time.GetUtcNow();

        using var response = await PostAsync(cas, Service, Envelope(ticket));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var samlResponse = await SamlResponseAsync(response);
        Assert.Equal("samlp:Success", StatusCode(samlResponse));
        Assert.Equal(Service, samlResponse.Attribute("Recipient")?.Value);
        Assert.Equal("_192.168.16.51.1024506224022", samlResponse.Attribute("InResponseTo")?.Value);
        Assert.Equal("1", samlResponse.Attribute("MajorVersion")?.Value);
        Assert.Equal("1", samlResponse.Attribute("MinorVersion")?.Value);
        Assert.Equal(now, Instant(samlResponse.Attribute("IssueInstant")));

        var assertion = Assert.Single(samlResponse.Elements(Saml + "Assertion"));
        var conditions = assertion.Element(Saml + "Conditions")!;
        Assert.Equal(now.AddSeconds(-5), Instant(conditions.Attribute("NotBefore")));
        Assert.Equal(now.AddSeconds(30), Instant(conditions.Attribute("NotOnOrAfter")));
        Assert.Equal(Service, conditions.Element(Saml + "AudienceRestrictionCondition")?.Element(Saml + "Audience")?.Value);

        var authentication = Assert.Single(assertion.Elements(Saml + "AuthenticationStatement"));
        Assert.Equal("alice", authentication.Element(Saml + "Subject")?.Element(Saml + "NameIdentifier")?.Value);
        Assert.Equal(now.AddSeconds(-2), Instant(authentication.Attribute("AuthenticationInstant")));

        var attributeStatement = Assert.Single(assertion.Elements(Saml + "AttributeStatement"));
        Assert.Equal("alice", attributeStatement.Element(Saml + "Subject")?.Element(Saml + "NameIdentifier")?.Value);
        var attributes = attributeStatement.Elements(Saml + "Attribute").ToList();
        Assert.All(attributes, a => Assert.Equal("http://www.ja-sig.org/products/cas/", a.Attribute("AttributeNamespace")?.Value));
        Assert.Equal(
            ["cn=portal-admins,ou=groups,dc=example,dc=edu", "cn=staff,ou=groups,dc=example,dc=edu"],
            Values(attributes, "memberOf"));
        Assert.Equal(["alice@example.edu"], Values(attributes, "mail"));
        Assert.Equal(["Alice Liddell"], Values(attributes, "displayName"));
        Assert.Equal(["true"], Values(attributes, "isFromNewLogin"));
    }

    [Fact]
    public async Task Renew_on_samlValidate_refuses_a_single_sign_on_ticket_and_accepts_a_fresh_login()
    {
        await using var cas = await StartAsync();
        var (_, fresh, tgc) = await cas.SignInAsync();
        using var sso = await cas.GetAsync($"/dev-cas/login?service={Uri.EscapeDataString(Service)}", tgc);
        var ssoTicket = TicketIn(LocationOf(sso));

        using var refused = await PostAsync(cas, Service, Envelope(ssoTicket), renew: true);
        using var accepted = await PostAsync(cas, Service, Envelope(fresh), renew: true);

        Assert.Contains("INVALID_TICKET", await AssertFailureAsync(refused, "samlp:Responder", ssoTicket));
        Assert.Equal("samlp:Success", StatusCode(await SamlResponseAsync(accepted)));
    }

    [Fact]
    public async Task Attribute_values_with_markup_arrive_intact()
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync(username: "carol");

        using var response = await PostAsync(cas, Service, Envelope(ticket));

        var attributes = (await SamlResponseAsync(response)).Descendants(Saml + "Attribute").ToList();
        Assert.Equal(["Carol & Co <IT> \"quoted\" ]]>"], Values(attributes, "displayName"));
    }

    [Fact]
    public async Task A_ticket_is_single_use_across_SAML_and_CAS_validation()
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();
        (await PostAsync(cas, Service, Envelope(ticket))).Dispose();

        using var again = await PostAsync(cas, Service, Envelope(ticket));
        await AssertFailureAsync(again, "samlp:Responder", ticket);

        var (_, other, _) = await cas.SignInAsync();
        await cas.ValidateXmlAsync(Service, other);
        using var afterCas = await PostAsync(cas, Service, Envelope(other));
        await AssertFailureAsync(afterCas, "samlp:Responder", other);
    }

    [Fact]
    public async Task An_unknown_ticket_is_a_Responder_failure()
    {
        await using var cas = await StartAsync();
        const string ticket = "ST-1-u4hrm3td92cLxpCvrjylcas.example.edu";

        using var response = await PostAsync(cas, Service, Envelope(ticket));

        await AssertFailureAsync(response, "samlp:Responder", ticket);
    }

    [Fact]
    public async Task An_expired_ticket_is_a_Responder_failure()
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();
        cas.Time.Advance(TimeSpan.FromMinutes(1));

        using var response = await PostAsync(cas, Service, Envelope(ticket));

        await AssertFailureAsync(response, "samlp:Responder", ticket);
    }

    [Fact]
    public async Task A_different_TARGET_is_a_Responder_failure_and_the_ticket_is_dead_afterwards()
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();

        using var mismatch = await PostAsync(cas, "https://portal.example.edu/elsewhere", Envelope(ticket));
        var message = await AssertFailureAsync(mismatch, "samlp:Responder", ticket);
        Assert.Contains("INVALID_SERVICE", message);

        using var retry = await PostAsync(cas, Service, Envelope(ticket));
        await AssertFailureAsync(retry, "samlp:Responder", ticket);
    }

    [Fact]
    public async Task A_proxy_ticket_is_refused()
    {
        await using var cas = await StartAsync();
        const string ticket = "PT-1-abcdefghijklmnopqrstuvwxyz";

        using var response = await PostAsync(cas, Service, Envelope(ticket));

        Assert.Contains("INVALID_TICKET_SPEC", await AssertFailureAsync(response, "samlp:Responder", ticket));
    }

    [Fact]
    public async Task A_missing_TARGET_is_a_Requester_failure()
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();

        using var response = await PostAsync(cas, target: null, Envelope(ticket));

        await AssertFailureAsync(response, "samlp:Requester", ticket);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not xml at all")]
    [InlineData("<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\"><SOAP-ENV:Body>")]
    [InlineData("<Envelope><Body><Request><AssertionArtifact>ST-1-x</AssertionArtifact></Request></Body></Envelope>")]
    [InlineData("<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\"><SOAP-ENV:Body/></SOAP-ENV:Envelope>")]
    [InlineData("""<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><samlp:Request xmlns:samlp="urn:oasis:names:tc:SAML:1.0:protocol"/></SOAP-ENV:Body></SOAP-ENV:Envelope>""")]
    [InlineData("""<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><samlp:Request xmlns:samlp="urn:oasis:names:tc:SAML:1.0:protocol"><samlp:AssertionArtifact> </samlp:AssertionArtifact></samlp:Request></SOAP-ENV:Body></SOAP-ENV:Envelope>""")]
    [InlineData("""<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><samlp:Request xmlns:samlp="urn:oasis:names:tc:SAML:1.0:protocol"><samlp:AssertionArtifact>ST-1-a</samlp:AssertionArtifact><samlp:AssertionArtifact>ST-1-b</samlp:AssertionArtifact></samlp:Request></SOAP-ENV:Body></SOAP-ENV:Envelope>""")]
    public async Task A_malformed_request_is_a_Requester_failure(string body)
    {
        await using var cas = await StartAsync();

        using var response = await PostAsync(cas, Service, body);

        await AssertFailureAsync(response, "samlp:Requester", ticket: null);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_request_with_a_DTD_is_refused_without_touching_the_ticket(bool ticketInAnEntity)
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();
        // Even an otherwise valid request is refused once it carries a DTD (XXE, entity expansion).
        var withDtd = $"""
            <?xml version="1.0"?>
            <!DOCTYPE SOAP-ENV:Envelope [ <!ENTITY t "{ticket}"> <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            {Envelope(ticketInAnEntity ? "&t;" : ticket)}
            """;

        using var response = await PostAsync(cas, Service, withDtd);

        await AssertFailureAsync(response, "samlp:Requester", ticket);
        // The body was refused before any ticket was read: the ticket is still good.
        Assert.Equal(Cas + "authenticationSuccess", (await cas.ValidateXmlAsync(Service, ticket)).Name);
    }

    [Fact]
    public async Task An_oversized_request_is_refused()
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();
        var padded = Envelope(ticket).Replace("<SOAP-ENV:Header/>", $"<SOAP-ENV:Header><!--{new string('x', 40_000)}--></SOAP-ENV:Header>");

        using var response = await PostAsync(cas, Service, padded);

        await AssertFailureAsync(response, "samlp:Requester", ticket);
    }

    [Fact]
    public async Task SamlValidate_only_accepts_POST()
    {
        await using var cas = await StartAsync();

        using var response = await cas.Client.GetAsync($"/dev-cas/samlValidate?TARGET={Uri.EscapeDataString(Service)}");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    // A SAML 1.1 validation request as real CAS clients send it, with the ticket replaced.
    private static string Envelope(string ticket) => $"""
        <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">
          <SOAP-ENV:Header/>
          <SOAP-ENV:Body>
            <samlp:Request xmlns:samlp="urn:oasis:names:tc:SAML:1.0:protocol" MajorVersion="1" MinorVersion="1"
                RequestID="_192.168.16.51.1024506224022" IssueInstant="2026-11-27T10:15:02.000Z">
              <samlp:AssertionArtifact>{ticket}</samlp:AssertionArtifact>
            </samlp:Request>
          </SOAP-ENV:Body>
        </SOAP-ENV:Envelope>
        """;

    private static async Task<HttpResponseMessage> PostAsync(DevCasTestHost cas, string? target, string body, bool renew = false)
    {
        using var content = new StringContent(body, Encoding.UTF8, "text/xml");
        var url = target is null ? "/dev-cas/samlValidate" : $"/dev-cas/samlValidate?TARGET={Uri.EscapeDataString(target)}";
        return await cas.Client.PostAsync(renew ? url + "&renew=true" : url, content);
    }

    private static async Task<XElement> SamlResponseAsync(HttpResponseMessage response)
    {
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Soap + "Envelope", document.Root!.Name);
        var body = Assert.Single(document.Root.Elements(Soap + "Body"));
        var samlResponse = Assert.Single(body.Elements());
        Assert.Equal(Samlp + "Response", samlResponse.Name);
        Assert.StartsWith("_", samlResponse.Attribute("ResponseID")?.Value);
        return samlResponse;
    }

    // The StatusCode value is a QName; resolve its prefix to be sure it means the SAML protocol namespace.
    private static string StatusCode(XElement samlResponse)
    {
        var code = samlResponse.Element(Samlp + "Status")!.Element(Samlp + "StatusCode")!;
        var value = code.Attribute("Value")!.Value;
        Assert.Equal(Samlp, code.GetNamespaceOfPrefix(value.Split(':')[0]));
        return value;
    }

    private static async Task<string> AssertFailureAsync(HttpResponseMessage response, string statusCode, string? ticket)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var samlResponse = await SamlResponseAsync(response);
        Assert.Equal(statusCode, StatusCode(samlResponse));
        Assert.Empty(samlResponse.Elements(Saml + "Assertion"));
        var message = samlResponse.Element(Samlp + "Status")?.Element(Samlp + "StatusMessage")?.Value;
        Assert.False(string.IsNullOrWhiteSpace(message));
        if (ticket is not null)
        {
            Assert.DoesNotContain(ticket, await response.Content.ReadAsStringAsync());
        }

        return message;
    }

    private static DateTimeOffset Instant(XAttribute? attribute)
    {
        Assert.NotNull(attribute);
        Assert.EndsWith("Z", attribute.Value);
        return DateTimeOffset.Parse(attribute.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    private static IEnumerable<string> Values(IEnumerable<XElement> attributes, string name) =>
        Assert.Single(attributes, a => a.Attribute("AttributeName")?.Value == name)
            .Elements(Saml + "AttributeValue").Select(v => v.Value);
}
