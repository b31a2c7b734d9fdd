using System.Net;
using System.Xml.Linq;
using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Options;
using CasPortal.Application.Common.Telemetry;
using CasPortal.Infrastructure.Cas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CasPortal.Infrastructure.Tests.Cas;

/// <summary>What the gateway sends for each protocol and option, and how it reads what comes back.</summary>
public class CasGatewayProtocolTests
{
    private const string Server = "https://cas.example.edu/cas";
    private const string Service = "https://portal.example.edu/login?next=%2Fadmin";
    private const string EncodedService = "https%3A%2F%2Fportal.example.edu%2Flogin%3Fnext%3D%252Fadmin";
    private const string Ticket = "ST-1856339-aA5Yuvrxzpv8Tau1cYQ7";
    private const string ProxyTicket = "PT-1856392-b98xZrQN4p90ASrw96c8";
    private const string Callback = "https://portal.example.edu/pgtCallback";
    private const string EncodedCallback = "https%3A%2F%2Fportal.example.edu%2FpgtCallback";
    private const string Pgt = "PGT-330-CSdUC8xbXOXmMXjvCbBdbB2LGvnrCb";
    private const string TargetService = "https://mail.example.edu/cas-login?x=1";

    public static TheoryData<string, CasProtocol, CasResponseFormat, bool, bool, string, string> ValidationUrls => new()
    {
        // name, version, format, renew, pgtUrl, ticket, exact URL
        { "cas1", CasProtocol.V1, CasResponseFormat.Xml, false, false, Ticket, $"{Server}/validate?service={EncodedService}&ticket={Ticket}" },
        { "cas1 renew", CasProtocol.V1, CasResponseFormat.Xml, true, false, Ticket, $"{Server}/validate?service={EncodedService}&ticket={Ticket}&renew=true" },
        { "cas2 st", CasProtocol.V2, CasResponseFormat.Xml, false, false, Ticket, $"{Server}/serviceValidate?service={EncodedService}&ticket={Ticket}" },
        { "cas2 pt", CasProtocol.V2, CasResponseFormat.Xml, false, false, ProxyTicket, $"{Server}/proxyValidate?service={EncodedService}&ticket={ProxyTicket}" },
        { "cas2 renew pgt", CasProtocol.V2, CasResponseFormat.Xml, true, true, Ticket,
            $"{Server}/serviceValidate?service={EncodedService}&ticket={Ticket}&renew=true&pgtUrl={EncodedCallback}" },
        { "cas3 st", CasProtocol.V3, CasResponseFormat.Xml, false, false, Ticket, $"{Server}/p3/serviceValidate?service={EncodedService}&ticket={Ticket}" },
        { "cas3 json", CasProtocol.V3, CasResponseFormat.Json, false, false, Ticket,
            $"{Server}/p3/serviceValidate?service={EncodedService}&ticket={Ticket}&format=JSON" },
        { "cas3 pgt", CasProtocol.V3, CasResponseFormat.Xml, false, true, Ticket,
            $"{Server}/p3/serviceValidate?service={EncodedService}&ticket={Ticket}&pgtUrl={EncodedCallback}" },
        { "cas3 pt renew pgt json", CasProtocol.V3, CasResponseFormat.Json, true, true, ProxyTicket,
            $"{Server}/p3/proxyValidate?service={EncodedService}&ticket={ProxyTicket}&renew=true&pgtUrl={EncodedCallback}&format=JSON" },
        { "cas3 pt", CasProtocol.V3, CasResponseFormat.Xml, false, false, ProxyTicket, $"{Server}/p3/proxyValidate?service={EncodedService}&ticket={ProxyTicket}" },
    };

    [Theory]
    [MemberData(nameof(ValidationUrls))]
    public async Task Validation_gets_the_exact_url_for_each_version_format_and_option(
        string name, CasProtocol version, CasResponseFormat format, bool renew, bool pgtUrl, string ticket, string url)
    {
        Assert.NotEmpty(name);
        var handler = FakeCasHandler.Answering(HttpStatusCode.OK, "no\n\n", "text/plain");
        var options = Options(version);
        options.ResponseFormat = format;
        options.Renew = renew;
        options.ProxyCallbackUrl = pgtUrl ? Callback : null;

        await Gateway(handler, options).ValidateServiceTicketAsync(ticket, Service, CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(("GET", url, null), (request.Method, request.Url, request.Body));
    }

    [Theory]
    [InlineData(CasProtocol.V2, "serviceValidate", "proxyValidate")]
    [InlineData(CasProtocol.V3, "p3/serviceValidate", "p3/proxyValidate")]
    public async Task Accepting_proxies_sends_service_tickets_to_proxyValidate_too(CasProtocol version, string plain, string proxy)
    {
        var none = Options(version);
        var chains = Options(version);
        chains.AllowedProxyChains.Add(Callback);
        var any = Options(version);
        any.AcceptAnyProxy = true;

        var urls = new List<string>();
        foreach (var options in new[] { none, chains, any })
        {
            var handler = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read("cas3-failure-invalid-ticket.xml"));
            await Gateway(handler, options).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None);
            urls.Add(Assert.Single(handler.RequestedUrls));
        }

        Assert.Equal(
            [$"{Server}/{plain}?service={EncodedService}&ticket={Ticket}", $"{Server}/{proxy}?service={EncodedService}&ticket={Ticket}", $"{Server}/{proxy}?service={EncodedService}&ticket={Ticket}"],
            urls);
    }

    [Theory]
    [InlineData(false, "")]
    [InlineData(true, "&renew=true")]
    public async Task Saml_posts_a_soap_request_with_the_ticket_to_samlValidate(bool renew, string renewParameter)
    {
        var handler = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read("saml11-response-success.xml"), "text/xml");
        var options = Options(CasProtocol.Saml11);
        options.Renew = renew;

        var result = await Gateway(handler, options).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(("POST", $"{Server}/samlValidate?TARGET={EncodedService}{renewParameter}"), (request.Method, request.Url));
        Assert.Equal("text/xml; charset=utf-8", request.ContentType);
        Assert.Equal("http://www.oasis-open.org/committees/security", request.Headers["SOAPAction"]);
        var requestId = XElement.Parse(request.Body!).Descendants(Saml11.Samlp + "Request").Single().Attribute("RequestID")!.Value;
        Assert.Matches("^_[0-9a-f]{32}$", requestId);
        Assert.Equal(
            """<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Header /><SOAP-ENV:Body>"""
            + $"""<samlp:Request MajorVersion="1" MinorVersion="1" RequestID="{requestId}" IssueInstant="2026-11-27T10:15:05.000Z" """
            + """xmlns:samlp="urn:oasis:names:tc:SAML:1.0:protocol">"""
            + $"<samlp:AssertionArtifact>{Ticket}</samlp:AssertionArtifact></samlp:Request></SOAP-ENV:Body></SOAP-ENV:Envelope>",
            request.Body);
        Assert.Equal("alice", result.Assertion?.Username);
        Assert.Equal(["staff", "portal-admins"], result.Assertion!.Attributes["memberOf"]);
    }

    [Fact]
    public async Task Saml_assertion_outside_its_window_by_the_injected_clock_is_refused()
    {
        var clock = new FakeTimeProvider(CasConformanceTests.SamlNow + TimeSpan.FromMinutes(3));
        var handler = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read("saml11-response-success.xml"), "text/xml");

        var result = await Gateway(handler, Options(CasProtocol.Saml11), clock).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None);

        Assert.Equal((CasFailureKind.TicketRejected, CasFailureCodes.SamlAssertionExpired), (result.Failure!.Kind, result.Failure.Code));
    }

    [Fact]
    public async Task Saml_ticket_is_escaped_in_the_body_and_never_appears_in_the_url()
    {
        const string ticket = "ST-1<x/>&amp;";
        var handler = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read("saml11-response-failure.xml"), "text/xml");

        await Gateway(handler, Options(CasProtocol.Saml11)).ValidateServiceTicketAsync(ticket, Service, CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(ticket, XElement.Parse(request.Body!).Descendants(Saml11.Samlp + "AssertionArtifact").Single().Value);
        Assert.DoesNotContain("ST-1", request.Url);
    }

    public static TheoryData<CasProtocol, CasResponseFormat, string, string?, string> Answers => new()
    {
        // version, asked format, sample, Content-Type sent (null: none), outcome
        { CasProtocol.V1, CasResponseFormat.Xml, "cas1-validate-success.txt", null, "user alice" },
        { CasProtocol.V1, CasResponseFormat.Xml, "cas1-validate-success-crlf.txt", "text/plain", "user alice" },
        { CasProtocol.V1, CasResponseFormat.Xml, "cas1-validate-failure.txt", "text/plain", "TicketRejected INVALID_TICKET" },
        { CasProtocol.V1, CasResponseFormat.Xml, "cas2-serviceValidate-success.xml", "text/xml", "ServerError MALFORMED_RESPONSE" },
        { CasProtocol.V2, CasResponseFormat.Xml, "cas2-serviceValidate-success.xml", "text/xml", "user alice" },
        { CasProtocol.V2, CasResponseFormat.Xml, "cas3-serviceValidate-success-attributes.xml", "application/xml", "user alice" },
        { CasProtocol.V2, CasResponseFormat.Xml, "cas3-success.json", "application/json", "ServerError MALFORMED_RESPONSE" },
        { CasProtocol.V3, CasResponseFormat.Xml, "cas3-serviceValidate-success-attributes.xml", "text/xml", "user alice" },
        { CasProtocol.V3, CasResponseFormat.Json, "cas3-success-attributes.json", "application/json", "user alice" },
        // A proxied ticket's answer, in JSON as in XML, meets the proxy chain policy (none allowed here).
        { CasProtocol.V3, CasResponseFormat.Json, "cas3-success.json", "application/json", "TicketRejected PROXY_CHAIN_NOT_ALLOWED" },
        { CasProtocol.V3, CasResponseFormat.Json, "cas3-failure.json", "application/json;charset=UTF-8", "TicketRejected INVALID_TICKET" },
        // Servers that ignore format=JSON: XML, whatever the Content-Type says.
        { CasProtocol.V3, CasResponseFormat.Json, "cas3-serviceValidate-success-attributes.xml", "text/xml", "user alice" },
        { CasProtocol.V3, CasResponseFormat.Json, "cas3-serviceValidate-success-attributes.xml", "application/json", "user alice" },
        { CasProtocol.V3, CasResponseFormat.Json, "cas3-failure-invalid-ticket.xml", null, "TicketRejected INVALID_TICKET" },
        // JSON labelled as XML, or sent unasked.
        { CasProtocol.V3, CasResponseFormat.Json, "cas3-success-attributes.json", "text/xml", "user alice" },
        { CasProtocol.V3, CasResponseFormat.Xml, "cas3-success-attributes.json", "application/json", "user alice" },
        { CasProtocol.V3, CasResponseFormat.Json, "hostile-json-two-answers.json", "application/json", "ServerError MALFORMED_RESPONSE" },
        { CasProtocol.V3, CasResponseFormat.Json, "not-xml-html-login-page.html", "text/html", "ServerError MALFORMED_RESPONSE" },
        { CasProtocol.V3, CasResponseFormat.Json, "cas1-validate-success.txt", "application/json", "ServerError MALFORMED_RESPONSE" },
        { CasProtocol.Saml11, CasResponseFormat.Xml, "saml11-response-success.xml", "text/xml", "user alice" },
        { CasProtocol.Saml11, CasResponseFormat.Xml, "saml11-response-failure.xml", "application/soap+xml", "TicketRejected RequestDenied" },
        { CasProtocol.Saml11, CasResponseFormat.Xml, "saml11-soap-fault-version-mismatch.xml", "text/xml", "ServerError SOAP_FAULT" },
        { CasProtocol.Saml11, CasResponseFormat.Xml, "cas3-serviceValidate-success-attributes.xml", "text/xml", "ServerError MALFORMED_RESPONSE" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Each_version_reads_its_answers_and_falls_back_by_content(
        CasProtocol version, CasResponseFormat format, string sample, string? contentType, string outcome)
    {
        var options = Options(version);
        options.ResponseFormat = format;
        var handler = FakeCasHandler.AnsweringWithContentType(Samples.Read(sample), contentType);

        var result = await Gateway(handler, options).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None);

        Assert.Equal(outcome, result.Assertion is { } assertion ? $"user {assertion.Username}" : $"{result.Failure!.Kind} {result.Failure.Code}");
    }

    [Fact]
    public void Login_url_is_exact_for_every_login_option()
    {
        var plain = Options();
        var renew = Options();
        renew.Renew = true;
        var post = Options();
        post.LoginMethod = CasLoginMethod.Post;
        post.ExtraLoginParameters["locale"] = "fr";
        post.ExtraLoginParameters["Brand"] = "a b&c";

        Assert.Equal($"{Server}/login?service={EncodedService}", Gateway(plain).BuildLoginUrl(new CasLoginRequest(Service)).AbsoluteUri);
        Assert.Equal($"{Server}/login?service={EncodedService}", Gateway(plain).BuildLoginUrl(new CasLoginRequest(Service, GatewayAttempt: false)).AbsoluteUri);
        Assert.Equal($"{Server}/login?service={EncodedService}&gateway=true", Gateway(plain).BuildLoginUrl(new CasLoginRequest(Service, GatewayAttempt: true)).AbsoluteUri);
        Assert.Equal($"{Server}/login?service={EncodedService}&renew=true", Gateway(renew).BuildLoginUrl(new CasLoginRequest(Service)).AbsoluteUri);
        Assert.Equal(
            $"{Server}/login?service={EncodedService}&gateway=true&method=POST&Brand=a%20b%26c&locale=fr",
            Gateway(post).BuildLoginUrl(new CasLoginRequest(Service, GatewayAttempt: true)).AbsoluteUri);
    }

    [Theory]
    [InlineData(CasProtocol.V1, "validate")]
    [InlineData(CasProtocol.V2, "serviceValidate")]
    [InlineData(CasProtocol.V3, "p3/serviceValidate")]
    public async Task A_sign_in_that_must_be_fresh_sends_renew_on_login_and_on_validation_with_Cas_Renew_off(CasProtocol version, string endpoint)
    {
        var handler = FakeCasHandler.Answering(HttpStatusCode.OK, "no\n\n", "text/plain");
        var gateway = Gateway(handler, Options(version));

        var login = gateway.BuildLoginUrl(new CasLoginRequest(Service, Renew: true));
        await gateway.ValidateServiceTicketAsync(Ticket, Service, renew: true, CancellationToken.None);

        Assert.Equal($"{Server}/login?service={EncodedService}&renew=true", login.AbsoluteUri);
        Assert.Equal($"{Server}/{endpoint}?service={EncodedService}&ticket={Ticket}&renew=true", Assert.Single(handler.RequestedUrls));
        Assert.Throws<InvalidOperationException>(() => gateway.BuildLoginUrl(new CasLoginRequest(Service, GatewayAttempt: true, Renew: true)));
    }

    [Fact]
    public async Task A_SAML_validation_that_must_be_fresh_sends_renew_beside_TARGET()
    {
        var handler = FakeCasHandler.Answering(HttpStatusCode.OK, "not saml", "text/xml");

        await Gateway(handler, Options(CasProtocol.Saml11)).ValidateServiceTicketAsync(Ticket, Service, renew: true, CancellationToken.None);

        Assert.Equal($"{Server}/samlValidate?TARGET={EncodedService}&renew=true", Assert.Single(handler.RequestedUrls));
    }

    [Fact]
    public void Gateway_attempt_under_renew_is_refused()
    {
        var renew = Options();
        renew.Renew = true;

        var error = Assert.Throws<InvalidOperationException>(() => Gateway(renew).BuildLoginUrl(new CasLoginRequest(Service, GatewayAttempt: true)));

        Assert.Contains("Cas:Renew", error.Message);
    }

    [Theory]
    [InlineData(CasProtocol.V1, "url")]
    [InlineData(CasProtocol.V2, "url")]
    [InlineData(CasProtocol.V3, "service")]
    [InlineData(CasProtocol.Saml11, "service")]
    public void Logout_url_names_the_return_address_as_each_version_expects(CasProtocol version, string parameter)
    {
        Assert.Equal(
            $"{Server}/logout?{parameter}=https%3A%2F%2Fportal.example.edu%2Flogout-callback",
            Gateway(Options(version)).BuildLogoutUrl("https://portal.example.edu/logout-callback").AbsoluteUri);
    }

    [Fact]
    public async Task Username_attribute_replaces_the_cas_user()
    {
        var options = Options();
        options.UsernameAttribute = "mail";
        var handler = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read("cas3-serviceValidate-success-attributes.xml"));

        var result = await Gateway(handler, options).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None);

        Assert.Equal("alice@example.edu", result.Assertion?.Username);
        Assert.Equal(["alice@example.edu"], result.Assertion!.Attributes["mail"]);
    }

    [Theory]
    [InlineData(CasProtocol.V3, "cas3-serviceValidate-success-attributes.xml", "employeeNumber",
        "The CAS server's answer has no 'employeeNumber' attribute, which Cas:UsernameAttribute names as the username.")]
    [InlineData(CasProtocol.V3, "cas3-serviceValidate-success-attributes.xml", "memberOf",
        "The CAS server's answer holds 2 values of 'memberOf', which Cas:UsernameAttribute names as the username; it needs exactly one.")]
    [InlineData(CasProtocol.V3, "cas3-success-attributes.json", "Mail",
        "The CAS server's answer has no 'Mail' attribute, which Cas:UsernameAttribute names as the username.")]
    [InlineData(CasProtocol.Saml11, "saml11-response-success.xml", "memberOf",
        "The CAS server's answer holds 2 values of 'memberOf', which Cas:UsernameAttribute names as the username; it needs exactly one.")]
    public async Task Username_attribute_missing_or_multi_valued_is_a_rejection(CasProtocol version, string sample, string attribute, string reason)
    {
        var options = Options(version);
        options.UsernameAttribute = attribute;
        var handler = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read(sample));

        var failure = (await Gateway(handler, options).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None)).Failure!;

        Assert.Equal((CasFailureKind.TicketRejected, CasFailureCodes.UsernameAttributeMissing, reason), (failure.Kind, failure.Code, failure.Reason));
    }

    [Fact]
    public async Task Proxy_ticket_through_a_chain_that_is_not_allowed_is_rejected()
    {
        var options = Options();
        options.AllowedProxyChains.Add("https://portal1.example.edu/pgtCallback");
        var handler = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read("cas3-proxyValidate-success-proxies.xml"));

        var failure = (await Gateway(handler, options).ValidateServiceTicketAsync(ProxyTicket, Service, CancellationToken.None)).Failure!;

        Assert.Equal(
            (CasFailureKind.TicketRejected, CasFailureCodes.ProxyChainNotAllowed,
                "The ticket came through proxies that Cas:AllowedProxyChains does not allow: https://portal2.example.edu/pgtCallback https://portal1.example.edu/pgtCallback"),
            (failure.Kind, failure.Code, failure.Reason));
    }

    [Fact]
    public async Task Proxy_ticket_with_no_proxies_allowed_at_all_is_rejected()
    {
        var handler = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read("cas3-proxyValidate-success-proxies.xml"));

        var result = await Gateway(handler, Options()).ValidateServiceTicketAsync(ProxyTicket, Service, CancellationToken.None);

        Assert.Equal(CasFailureCodes.ProxyChainNotAllowed, result.Failure?.Code);
    }

    [Fact]
    public async Task Proxy_ticket_through_an_allowed_chain_signs_in()
    {
        var options = Options();
        options.AllowedProxyChains.Add(@"^https://portal[0-9]\.example\.edu/pgtCallback https://portal1.example.edu/pgtCallback");
        var handler = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read("cas3-proxyValidate-success-proxies.xml"));

        var result = await Gateway(handler, options).ValidateServiceTicketAsync(ProxyTicket, Service, CancellationToken.None);

        Assert.Equal("alice", result.Assertion?.Username);
        Assert.Equal(["https://portal2.example.edu/pgtCallback", "https://portal1.example.edu/pgtCallback"], result.Assertion!.Proxies);
    }

    [Fact]
    public async Task Accepting_any_proxy_signs_in_and_logs_the_chain()
    {
        var options = Options();
        options.AcceptAnyProxy = true;
        var logger = new RecordingLogger<CasGateway>();
        var handler = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read("cas3-proxyValidate-success-proxies.xml"));

        var result = await Gateway(handler, options, logger: logger).ValidateServiceTicketAsync(ProxyTicket, Service, CancellationToken.None);

        Assert.True(result.Succeeded);
        var entry = Assert.Single(logger.Entries, entry => entry.EventId.Id == 2007);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("https://portal2.example.edu/pgtCallback https://portal1.example.edu/pgtCallback", entry.Message);
    }

    [Fact]
    public async Task Required_proxy_granting_ticket_is_the_sign_ins_to_decide_the_gateway_reports_the_IOU_as_it_came()
    {
        var options = Options();
        options.ProxyCallbackUrl = Callback;
        options.RequireProxyGrantingTicket = true;
        var without = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read("cas2-serviceValidate-success.xml"));
        var with = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read("cas2-serviceValidate-success-pgt.xml"));

        var withoutIou = await Gateway(without, options).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None);
        var accepted = await Gateway(with, options).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None);

        Assert.Null(Assert.IsType<CasAssertion>(withoutIou.Assertion).ProxyGrantingTicketIou);
        Assert.Equal("PGTIOU-84678-8a9d2sfa23casd", accepted.Assertion?.ProxyGrantingTicketIou);
    }

    [Fact]
    public async Task Optional_proxying_signs_in_without_a_proxy_granting_ticket_and_keeps_a_callback_failure_a_rejection()
    {
        var options = Options();
        options.ProxyCallbackUrl = Callback;
        var without = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read("cas2-serviceValidate-success.xml"));
        var callbackFailed = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read("cas3-failure-invalid-proxy-callback.xml"));

        var signedIn = await Gateway(without, options).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None);
        var refused = await Gateway(callbackFailed, options).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None);

        Assert.Equal("alice", signedIn.Assertion?.Username);
        Assert.Null(signedIn.Assertion!.ProxyGrantingTicketIou);
        Assert.Equal((CasFailureKind.TicketRejected, CasFailureCodes.InvalidProxyCallback), (refused.Failure!.Kind, refused.Failure.Code));
        Assert.Single(callbackFailed.Requests);
    }

    [Theory]
    [InlineData(CasProtocol.V2)]
    [InlineData(CasProtocol.V3)]
    public async Task Proxy_ticket_request_gets_the_exact_url_and_returns_the_pt(CasProtocol version)
    {
        var handler = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read("proxy-success.xml"));

        var result = await Gateway(handler, Options(version)).RequestProxyTicketAsync(Pgt, TargetService, CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(
            ("GET", $"{Server}/proxy?pgt={Pgt}&targetService=https%3A%2F%2Fmail.example.edu%2Fcas-login%3Fx%3D1"),
            (request.Method, request.Url));
        Assert.Equal(ProxyTicket, result.ProxyTicket);
    }

    [Theory]
    [InlineData("proxy-failure.xml", CasFailureKind.TicketRejected, CasFailureCodes.InvalidRequest)]
    [InlineData("proxy-failure-unauthorized-service.xml", CasFailureKind.TicketRejected, CasFailureCodes.UnauthorizedService)]
    [InlineData("proxy-failure-internal-error.xml", CasFailureKind.TicketRejected, CasFailureCodes.InternalError)]
    [InlineData("proxy-failure-something-new.xml", CasFailureKind.TicketRejected, "PGT_EXPIRED")]
    [InlineData("hostile-proxy-ticket-path.xml", CasFailureKind.ServerError, CasFailureCodes.Malformed)]
    [InlineData("not-xml-html-login-page.html", CasFailureKind.ServerError, CasFailureCodes.Malformed)]
    public async Task Proxy_ticket_refusals_and_bad_answers_are_results(string sample, CasFailureKind kind, string code)
    {
        var handler = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read(sample));

        var result = await Gateway(handler).RequestProxyTicketAsync(Pgt, TargetService, CancellationToken.None);

        Assert.Null(result.ProxyTicket);
        Assert.Equal((kind, code), (result.Failure!.Kind, result.Failure.Code));
        Assert.DoesNotContain("CSdUC8xbXOXmMXjvCbBdbB2LGvnrCb", result.Failure.Reason);
        Assert.Single(handler.Requests);
    }

    public static TheoryData<string, int, LogLevel, string> ProxyOutcomes => new()
    {
        { "issued", 2011, LogLevel.Information, "PT" },
        { "refused", 2012, LogLevel.Information, CasFailureCodes.UnauthorizedService },
        { "http500", 2013, LogLevel.Warning, CasFailureCodes.HttpStatus },
        { "unreachable", 2013, LogLevel.Warning, CasFailureCodes.Unreachable },
        { "timeout", 2013, LogLevel.Warning, CasFailureCodes.Timeout },
    };

    [Theory]
    [MemberData(nameof(ProxyOutcomes))]
    public async Task Proxy_ticket_outcomes_are_logged_with_a_pgt_hash_never_the_pgt_and_never_retried(string outcome, int eventId, LogLevel level, string code)
    {
        async Task<HttpResponseMessage> Respond(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            switch (outcome)
            {
                case "issued":
                    return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Samples.Read("proxy-success.xml")) };
                case "refused":
                    return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Samples.Read("proxy-failure-unauthorized-service.xml")) };
                case "http500":
                    return new HttpResponseMessage(HttpStatusCode.InternalServerError);
                case "unreachable":
                    throw new HttpRequestException(HttpRequestError.ConnectionError, $"Connection refused for {request.RequestUri}");
                default:
                    await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                    return new HttpResponseMessage(HttpStatusCode.OK);
            }
        }

        var handler = new FakeCasHandler(Respond);
        var logger = new RecordingLogger<CasGateway>();
        var options = Options();
        var clock = new FakeTimeProvider(CasConformanceTests.SamlNow);

        var result = await clock.AdvancePastAsync(options.ValidationTimeout,
            Gateway(handler, options, clock, logger).RequestProxyTicketAsync(Pgt, TargetService, CancellationToken.None));

        Assert.Equal(code, result.Failure?.Code ?? "PT");
        Assert.Single(handler.Requests);
        var entry = Assert.Single(logger.Entries, entry => entry.EventId.Id != 2010);
        Assert.Equal((eventId, level), (entry.EventId.Id, entry.Level));
        var pgtHash = TicketHash.Short(TicketHash.Of(Pgt));
        Assert.All(logger.Entries, logged =>
        {
            Assert.Contains("#" + pgtHash, logged.Message);
            Assert.DoesNotContain("CSdUC8xbXOXmMXjvCbBdbB2LGvnrCb", logged.AllText);
            Assert.DoesNotContain("b98xZrQN4p90ASrw96c8", logged.AllText);
        });
    }

    [Theory]
    [InlineData("ST-1-abc")]
    [InlineData("PGT-1&targetService=https://evil.example/")]
    [InlineData("PGTIOU-1-abc")]
    [InlineData("")]
    public async Task Anything_but_a_pgt_is_refused_before_any_request_without_repeating_it(string value)
    {
        var handler = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read("proxy-success.xml"));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Gateway(handler).RequestProxyTicketAsync(value, TargetService, CancellationToken.None));

        Assert.Empty(handler.Requests);
        Assert.True(value.Length == 0 || !error.Message.Contains(value, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(CasProtocol.V1)]
    [InlineData(CasProtocol.Saml11)]
    public async Task Proxy_tickets_need_cas2_or_cas3(CasProtocol version)
    {
        var handler = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read("proxy-success.xml"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Gateway(handler, Options(version)).RequestProxyTicketAsync(Pgt, TargetService, CancellationToken.None));

        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Caller_cancellation_of_a_proxy_request_is_thrown()
    {
        var handler = new FakeCasHandler(async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        using var caller = new CancellationTokenSource();

        var pending = Gateway(handler).RequestProxyTicketAsync(Pgt, TargetService, caller.Token);
        await caller.CancelAsync();
        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

        Assert.Equal(caller.Token, thrown.CancellationToken);
    }

    private static CasOptions Options(CasProtocol version = CasProtocol.V3) => new()
    {
        ServerUrl = Server + "/",
        ProtocolVersion = version,
        ValidationTimeout = TimeSpan.FromSeconds(10),
    };

    private static CasGateway Gateway(CasOptions options) =>
        Gateway(FakeCasHandler.Answering(HttpStatusCode.OK, "no\n\n", "text/plain"), options);

    private static CasGateway Gateway(HttpMessageHandler handler, CasOptions? options = null, TimeProvider? clock = null, ILogger<CasGateway>? logger = null) =>
        new(new HttpClient(handler), Microsoft.Extensions.Options.Options.Create(options ?? Options()),
            clock ?? new FakeTimeProvider(CasConformanceTests.SamlNow), logger ?? new RecordingLogger<CasGateway>(),
            new PortalMetrics(new StandaloneMeterFactory()));
}
