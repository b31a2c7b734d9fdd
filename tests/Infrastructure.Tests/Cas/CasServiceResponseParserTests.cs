using System.Text;
using CasPortal.Application.Common.Cas;
using CasPortal.Infrastructure.Cas;

namespace CasPortal.Infrastructure.Tests.Cas;

public class CasServiceResponseParserTests
{
    private const string Malformed = CasFailureCodes.Malformed;

    /// <summary>
    /// The CAS 2.0/3.0 samples and what this parser makes of them, and answers of other endpoints or formats it must
    /// refuse. Every sample with every parser: <see cref="CasConformanceTests"/>.
    /// </summary>
    public static TheoryData<string, string?, CasFailureKind?, string?> Conformance => new()
    {
        { "cas2-serviceValidate-success.xml", "alice", null, null },
        { "cas2-serviceValidate-success-pgt.xml", "alice", null, null },
        { "cas3-serviceValidate-success-attributes.xml", "alice", null, null },
        { "cas3-proxyValidate-success-proxies.xml", "alice", null, null },
        { "attributes-jasig-name-value.xml", "alice", null, null },
        { "attributes-rubycas-style.xml", "alice", null, null },
        { "attributes-name-value-style.xml", "alice", null, null },
        { "cas3-failure-invalid-request.xml", null, CasFailureKind.TicketRejected, CasFailureCodes.InvalidRequest },
        { "cas3-failure-invalid-ticket-spec.xml", null, CasFailureKind.TicketRejected, CasFailureCodes.InvalidTicketSpec },
        { "cas3-failure-invalid-ticket.xml", null, CasFailureKind.TicketRejected, CasFailureCodes.InvalidTicket },
        { "cas3-failure-invalid-service.xml", null, CasFailureKind.TicketRejected, CasFailureCodes.InvalidService },
        { "cas3-failure-internal-error.xml", null, CasFailureKind.TicketRejected, CasFailureCodes.InternalError },
        { "cas3-failure-something-new.xml", null, CasFailureKind.TicketRejected, "SOMETHING_NEW" },
        { "hostile-success-injected-in-failure.xml", null, CasFailureKind.TicketRejected, CasFailureCodes.InvalidTicket },
        { "hostile-two-children.xml", null, CasFailureKind.ServerError, Malformed },
        { "hostile-empty-user.xml", null, CasFailureKind.ServerError, Malformed },
        { "hostile-wrong-namespace.xml", null, CasFailureKind.ServerError, Malformed },
        { "hostile-xxe.xml", null, CasFailureKind.ServerError, Malformed },
        { "hostile-entity-expansion.xml", null, CasFailureKind.ServerError, Malformed },
        { "not-xml-html-login-page.html", null, CasFailureKind.ServerError, Malformed },
        { "truncated.xml", null, CasFailureKind.ServerError, Malformed },
        // Answers of other endpoints or formats are not serviceValidate XML.
        { "cas1-validate-success.txt", null, CasFailureKind.ServerError, Malformed },
        { "cas1-validate-failure.txt", null, CasFailureKind.ServerError, Malformed },
        { "cas3-success.json", null, CasFailureKind.ServerError, Malformed },
        { "cas3-failure.json", null, CasFailureKind.ServerError, Malformed },
        { "proxy-success.xml", null, CasFailureKind.ServerError, Malformed },
        { "proxy-failure.xml", null, CasFailureKind.ServerError, Malformed },
        { "saml11-request.xml", null, CasFailureKind.ServerError, Malformed },
        { "saml11-response-success.xml", null, CasFailureKind.ServerError, Malformed },
        { "slo-logout-request.xml", null, CasFailureKind.ServerError, Malformed },
        { "slo-front-channel-logoutRequest.b64", null, CasFailureKind.ServerError, Malformed },
    };

    [Theory]
    [MemberData(nameof(Conformance))]
    public void Sample_documents_give_the_expected_outcome(string sample, string? user, CasFailureKind? kind, string? code)
    {
        var result = CasServiceResponseParser.Parse(Samples.Read(sample));

        Assert.Equal(user, result.Assertion?.Username);
        Assert.Equal(user is not null, result.Succeeded);
        Assert.Equal(kind, result.Failure?.Kind);
        Assert.Equal(code, result.Failure?.Code);
    }

    [Fact]
    public void Cas3_attributes_keep_order_escaped_text_and_every_value()
    {
        var assertion = CasServiceResponseParser.Parse(Samples.Read("cas3-serviceValidate-success-attributes.xml")).Assertion!;

        Assert.Equal(
            [
                ("authenticationDate", "2026-11-27T10:15:02.184Z"),
                ("isFromNewLogin", "true"),
                ("longTermAuthenticationRequestTokenUsed", "false"),
                ("displayName", "Alice Martin & Co <IT>"),
                ("mail", "alice@example.edu"),
                ("memberOf", "cn=portal-admins,ou=groups,dc=example,dc=edu"),
                ("memberOf", "cn=staff,ou=groups,dc=example,dc=edu"),
                ("eduPersonAffiliation", "staff"),
                ("eduPersonAffiliation", "faculty"),
                ("givenName", "Alice"),
                ("sn", "Martin"),
            ],
            Flatten(assertion));
        Assert.Null(assertion.ProxyGrantingTicketIou);
        Assert.Null(assertion.Proxies);
    }

    [Theory]
    [InlineData("attributes-jasig-name-value.xml")]
    [InlineData("attributes-rubycas-style.xml")]
    [InlineData("attributes-name-value-style.xml")]
    public void Other_attribute_styles_read_like_cas3(string sample)
    {
        var assertion = CasServiceResponseParser.Parse(Samples.Read(sample)).Assertion!;

        Assert.Equal(
            [("mail", "alice@example.edu"), ("memberOf", "staff"), ("memberOf", "portal-admins")],
            Flatten(assertion));
    }

    [Fact]
    public void The_same_attributes_sent_in_several_styles_are_merged_without_duplicate_values()
    {
        var result = CasServiceResponseParser.Parse(Success("""
            <cas:user>alice</cas:user>
            <cas:attributes>
              <cas:memberOf>staff</cas:memberOf>
              <cas:memberOf>staff</cas:memberOf>
              <cas:mail>alice@example.edu</cas:mail>
              <cas:attribute name="memberOf" value="staff"/>
              <cas:attribute name="memberOf" value="portal-admins"/>
              <cas:attribute name="mail" value="alice@example.edu"/>
            </cas:attributes>
            <cas:attribute name="memberOf" value="faculty"/>
            <cas:memberOf>portal-admins</cas:memberOf>
            <cas:givenName>Alice</cas:givenName>
            """));

        Assert.Equal(
            [
                ("memberOf", "staff"),
                ("memberOf", "portal-admins"),
                ("memberOf", "faculty"),
                ("mail", "alice@example.edu"),
                ("givenName", "Alice"),
            ],
            Flatten(result.Assertion!));
    }

    [Fact]
    public void A_success_without_attributes_has_an_empty_attribute_set()
    {
        var assertion = CasServiceResponseParser.Parse(Samples.Read("cas2-serviceValidate-success.xml")).Assertion!;

        Assert.Empty(assertion.Attributes);
        Assert.Null(assertion.ProxyGrantingTicketIou);
        Assert.Null(assertion.Proxies);
    }

    [Fact]
    public void Proxy_granting_ticket_iou_is_read()
    {
        var assertion = CasServiceResponseParser.Parse(Samples.Read("cas2-serviceValidate-success-pgt.xml")).Assertion!;

        Assert.Equal("PGTIOU-84678-8a9d2sfa23casd", assertion.ProxyGrantingTicketIou);
    }

    [Fact]
    public void Proxy_chain_is_read_most_recent_first()
    {
        var assertion = CasServiceResponseParser.Parse(Samples.Read("cas3-proxyValidate-success-proxies.xml")).Assertion!;

        Assert.Equal("PGTIOU-8-NaVpy7kgdZXCvjD9gDrt-cas.example.edu", assertion.ProxyGrantingTicketIou);
        Assert.Equal(["https://portal2.example.edu/pgtCallback", "https://portal1.example.edu/pgtCallback"], assertion.Proxies);
        Assert.Empty(assertion.Attributes);
    }

    [Theory]
    [InlineData("cas3-failure-invalid-request.xml", "serviceValidate requires service and ticket parameters")]
    [InlineData("cas3-failure-invalid-ticket-spec.xml", "Ticket [ticket] is a proxy ticket; /serviceValidate accepts service tickets only")]
    [InlineData("cas3-failure-invalid-ticket.xml", "Ticket [ticket] not recognized")]
    [InlineData("cas3-failure-invalid-service.xml",
        "Ticket [ticket] does not match supplied service. The original service was https://portal.example.edu/login "
        + "and the supplied service was https://other.example.edu/login")]
    [InlineData("cas3-failure-internal-error.xml", "Ticket registry unavailable")]
    [InlineData("cas3-failure-something-new.xml", "A code this client has never seen")]
    [InlineData("hostile-success-injected-in-failure.xml", "Ticket not recognized")]
    public void Failure_reason_is_the_servers_own_text_trimmed_and_without_tickets(string sample, string reason)
    {
        var failure = CasServiceResponseParser.Parse(Samples.Read(sample)).Failure!;

        Assert.Equal(reason, failure.Reason);
    }

    [Theory]
    [InlineData("not-xml-html-login-page.html", "The CAS server's answer is not XML (it looks like an HTML page).")]
    [InlineData("hostile-xxe.xml", "The CAS server's answer declares a DTD, which the portal refuses (it can smuggle in entities or files).")]
    [InlineData("hostile-entity-expansion.xml", "The CAS server's answer declares a DTD, which the portal refuses (it can smuggle in entities or files).")]
    [InlineData("hostile-wrong-namespace.xml", "The CAS server's serviceResponse is in namespace 'http://evil.example/tp/cas' instead of http://www.yale.edu/tp/cas.")]
    [InlineData("hostile-two-children.xml", "The CAS server's serviceResponse holds more than one element; a CAS answer holds exactly one.")]
    [InlineData("hostile-empty-user.xml", "The CAS server's authenticationSuccess names an empty user.")]
    [InlineData("cas3-success.json", "The CAS server's answer is JSON, not the XML the portal asked for.")]
    [InlineData("cas1-validate-success.txt", "The CAS server's answer is not XML (it looks like plain text).")]
    [InlineData("proxy-success.xml", "The CAS server's serviceResponse holds 'proxySuccess' instead of authenticationSuccess or authenticationFailure.")]
    [InlineData("saml11-response-success.xml", "The CAS server's answer is XML but not a CAS serviceResponse (its root element is 'Envelope').")]
    public void Malformed_answers_say_what_was_wrong_in_plain_words(string sample, string reason)
    {
        var failure = CasServiceResponseParser.Parse(Samples.Read(sample)).Failure!;

        Assert.Equal(reason, failure.Reason);
    }

    [Fact]
    public void Truncated_answer_is_reported_as_broken_xml_with_its_position()
    {
        var failure = CasServiceResponseParser.Parse(Samples.Read("truncated.xml")).Failure!;

        Assert.StartsWith("The CAS server's answer is not well-formed XML (broken at line 3,", failure.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n ")]
    public void Empty_answer_is_malformed(string body)
    {
        var failure = CasServiceResponseParser.Parse(body).Failure!;

        Assert.Equal((CasFailureKind.ServerError, Malformed, "The CAS server's answer is empty."), (failure.Kind, failure.Code, failure.Reason));
    }

    [Fact]
    public void Well_formed_xhtml_page_is_recognised_as_html()
    {
        var failure = CasServiceResponseParser.Parse("""<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>""").Failure!;

        Assert.Equal("The CAS server's answer is not a CAS document (it looks like an HTML page).", failure.Reason);
    }

    [Fact]
    public void ServiceResponse_without_the_cas_namespace_is_refused()
    {
        var result = CasServiceResponseParser.Parse(
            "<serviceResponse><authenticationSuccess><user>admin</user></authenticationSuccess></serviceResponse>");

        Assert.Equal(Malformed, result.Failure!.Code);
        Assert.Equal("The CAS server's serviceResponse is in no namespace instead of http://www.yale.edu/tp/cas.", result.Failure.Reason);
    }

    [Fact]
    public void Empty_serviceResponse_is_refused()
    {
        var result = CasServiceResponseParser.Parse("""<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"> </cas:serviceResponse>""");

        Assert.Equal(Malformed, result.Failure!.Code);
    }

    [Fact]
    public void Success_nested_below_an_unknown_element_does_not_count()
    {
        var result = CasServiceResponseParser.Parse(Wrap(
            "<cas:wrapper><cas:authenticationSuccess><cas:user>admin</cas:user></cas:authenticationSuccess></cas:wrapper>"));

        Assert.False(result.Succeeded);
        Assert.Equal(Malformed, result.Failure!.Code);
    }

    [Fact]
    public void User_is_trimmed_and_cdata_is_text()
    {
        Assert.Equal("alice", CasServiceResponseParser.Parse(Success("<cas:user>\n   alice \t\n</cas:user>")).Assertion!.Username);
        Assert.Equal("a&b", CasServiceResponseParser.Parse(Success("<cas:user><![CDATA[a&b]]></cas:user>")).Assertion!.Username);
    }

    [Theory]
    [InlineData("<cas:user>alice</cas:user><cas:user>admin</cas:user>", "The CAS server's answer names more than one user.")]
    [InlineData("<cas:user>ad<cas:b/>min</cas:user>", "The CAS server's user element holds markup instead of a name.")]
    [InlineData("<cas:attributes><cas:mail>a@b</cas:mail></cas:attributes>", "The CAS server's authenticationSuccess names no user.")]
    [InlineData("<cas:user/>", "The CAS server's authenticationSuccess names an empty user.")]
    public void Success_without_exactly_one_plain_user_is_refused(string inner, string reason)
    {
        var result = CasServiceResponseParser.Parse(Success(inner));

        Assert.False(result.Succeeded);
        Assert.Equal((CasFailureKind.ServerError, Malformed, reason), (result.Failure!.Kind, result.Failure.Code, result.Failure.Reason));
    }

    [Fact]
    public void Unknown_failure_code_is_kept_trimmed_and_capped()
    {
        var longCode = new string('X', 500);

        var padded = CasServiceResponseParser.Parse(Failure("  NEW_CODE \n", "text")).Failure!;
        var capped = CasServiceResponseParser.Parse(Failure(longCode, "text")).Failure!;

        Assert.Equal((CasFailureKind.TicketRejected, "NEW_CODE"), (padded.Kind, padded.Code));
        Assert.Equal(ServerText.MaxCodeLength, capped.Code.Length);
        Assert.StartsWith("XXXXXXXX", capped.Code);
    }

    [Fact]
    public void Failure_without_code_is_an_internal_error_that_keeps_the_description()
    {
        var failure = CasServiceResponseParser.Parse(Wrap("<cas:authenticationFailure>Ticket ST-9-abc expired</cas:authenticationFailure>")).Failure!;

        Assert.Equal(CasFailureKind.TicketRejected, failure.Kind);
        Assert.Equal(CasFailureCodes.InternalError, failure.Code);
        Assert.Equal("The CAS server refused the ticket without a failure code: Ticket [ticket] expired", failure.Reason);
    }

    [Fact]
    public void Failure_without_description_still_has_a_reason()
    {
        var failure = CasServiceResponseParser.Parse(Failure("INVALID_TICKET", "")).Failure!;

        Assert.Equal("The CAS server refused the ticket (INVALID_TICKET) without a description.", failure.Reason);
    }

    [Theory]
    [InlineData("ST-1856339-aA5Yuvrxzpv8Tau1cYQ7")]
    [InlineData("ST-42-Hq7sZ1pDx0mJk3vT9bNc-cas.example.edu")]
    [InlineData("PT-1856392-b98xZrQN4p90ASrw96c8")]
    [InlineData("PGT-330-CSdUC8xbXOXmMXjvCbBdbB2LGvnrCb")]
    [InlineData("PGTIOU-84678-8a9d2sfa23casd")]
    [InlineData("TGT-2-ZKN6MeYmQPwGQbOqnRYsdQ3xQV0lxWH3R4FP-cas01.example.org")]
    public void Every_kind_of_ticket_is_redacted_from_the_reason(string ticket)
    {
        var failure = CasServiceResponseParser.Parse(Failure("INVALID_TICKET", $"Ticket '{ticket}' not recognized; also {ticket}.")).Failure!;

        Assert.DoesNotContain(ticket, failure.Reason);
        Assert.DoesNotContain(ticket[(ticket.IndexOf('-') + 1)..], failure.Reason);
        Assert.Equal("Ticket '[ticket]' not recognized; also [ticket]", failure.Reason);
    }

    [Fact]
    public void Reason_has_its_whitespace_collapsed_and_is_capped()
    {
        var words = string.Join("\n\t  ", Enumerable.Repeat("word", 400));

        var reason = CasServiceResponseParser.Parse(Failure("INTERNAL_ERROR", words)).Failure!.Reason;

        Assert.Equal(ServerText.MaxReasonLength, reason.Length);
        Assert.StartsWith("word word word", reason);
        Assert.EndsWith("…", reason);
    }

    [Fact]
    public void Ticket_at_the_cap_is_still_redacted()
    {
        var ticket = "ST-77-Zq9XvB3nMkL0pW8eRt6yU4iO2aSdFgHj";
        var description = new string('a', ServerText.MaxReasonLength - 10) + " " + ticket + " tail";

        var reason = CasServiceResponseParser.Parse(Failure("INVALID_TICKET", description)).Failure!.Reason;

        Assert.DoesNotContain("77-Zq9", reason);
        Assert.True(reason.Length <= ServerText.MaxReasonLength);
    }

    [Fact]
    public void Answer_over_the_character_cap_is_refused_unparsed()
    {
        var body = Success("<cas:user>alice</cas:user>") + new string(' ', CasAnswerBody.MaxCharacters);

        var result = CasServiceResponseParser.Parse(body);

        Assert.Equal(Malformed, result.Failure!.Code);
        Assert.Equal($"The CAS server's answer is larger than {CasAnswerBody.MaxCharacters} characters.", result.Failure.Reason);
    }

    [Fact]
    public async Task Deeply_nested_document_is_refused_quickly_wherever_the_nesting_is()
    {
        const int depth = 120_000;
        var nested = string.Concat(Enumerable.Repeat("<a>", depth)) + "x" + string.Concat(Enumerable.Repeat("</a>", depth));
        var expected = $"The CAS server's answer is nested more than {CasXml.MaxDepth} levels deep; a CAS answer is far flatter.";

        var atRoot = await ParseWithin(nested);
        var inDescription = await ParseWithin(Failure("INVALID_TICKET", "Ticket " + nested + " gone"));
        var inAttribute = await ParseWithin(Success("<cas:user>alice</cas:user><cas:attributes><cas:deep>v" + nested + "</cas:deep></cas:attributes>"));

        Assert.All([atRoot, inDescription, inAttribute], result =>
            Assert.Equal((CasFailureKind.ServerError, Malformed, expected), (result.Failure!.Kind, result.Failure.Code, result.Failure.Reason)));
    }

    [Fact]
    public void Markup_nested_within_the_depth_limit_is_read_from_direct_children_only()
    {
        var nested = string.Concat(Enumerable.Repeat("<a>", 20)) + "x" + string.Concat(Enumerable.Repeat("</a>", 20));

        var inDescription = CasServiceResponseParser.Parse(Failure("INVALID_TICKET", "Ticket " + nested + " gone"));
        var inAttribute = CasServiceResponseParser.Parse(Success("<cas:user>alice</cas:user><cas:attributes><cas:deep>v" + nested + "</cas:deep></cas:attributes>"));

        Assert.Equal("Ticket gone", inDescription.Failure!.Reason);
        Assert.Equal(["v"], inAttribute.Assertion!.Attributes["deep"]);
    }

    [Fact]
    public async Task Answer_with_tens_of_thousands_of_values_keeps_every_value_without_hanging()
    {
        var values = Enumerable.Range(0, 25_000).Select(i => $"g{i}").ToList();
        var body = Success("<cas:user>alice</cas:user><cas:attributes>"
            + string.Concat(values.Select(v => $"<cas:memberOf>{v}</cas:memberOf>"))
            + "</cas:attributes>");
        Assert.True(body.Length <= CasAnswerBody.MaxCharacters);

        var result = await ParseWithin(body);

        Assert.Equal(values, result.Assertion!.Attributes["memberOf"]);
    }

    [Fact]
    public async Task Answer_with_tens_of_thousands_of_xml_attributes_on_one_element_does_not_hang()
    {
        var attributes = string.Concat(Enumerable.Range(0, 50_000).Select(i => $" a{i}=\"\""));

        var result = await ParseWithin(Success($"<cas:user{attributes}>alice</cas:user>"));

        Assert.Equal("alice", result.Assertion!.Username);
    }

    private static async Task<CasValidationResult> ParseWithin(string body) =>
        // A fault guard, not a benchmark: real answers take milliseconds; one that loops, backtracks or grows with the
        // square of its input on hostile documents takes far longer.
        await Task.Run(() => CasServiceResponseParser.Parse(body)).WaitAsync(TimeSpan.FromSeconds(10));

    private static string Wrap(string inner) =>
        $"""<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">{inner}</cas:serviceResponse>""";

    private static string Success(string inner) => Wrap($"<cas:authenticationSuccess>{inner}</cas:authenticationSuccess>");

    private static string Failure(string code, string text) =>
        Wrap($"""<cas:authenticationFailure code="{code}">{text}</cas:authenticationFailure>""");

    /// <summary>Each value with its attribute's name, in the assertion's order (names are unique keys).</summary>
    private static List<(string Name, string Value)> Flatten(CasAssertion assertion) =>
        [.. assertion.Attributes.SelectMany(pair => pair.Value.Select(value => (pair.Key, value)))];
}
