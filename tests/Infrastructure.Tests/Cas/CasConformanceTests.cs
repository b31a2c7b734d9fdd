using CasPortal.Application.Common.Cas;
using CasPortal.Infrastructure.Cas;

namespace CasPortal.Infrastructure.Tests.Cas;

/// <summary>
/// Every sample document, read the way its endpoint's answers are read, and the exact outcome; then every sample with
/// every reader, proving that nothing signs anyone in (or hands out a proxy ticket) except where this table says so.
/// </summary>
public class CasConformanceTests
{
    /// <summary>Inside saml11-response-success.xml's validity window (10:15:02.817 to 10:15:32.817 UTC).</summary>
    internal static readonly DateTimeOffset SamlNow = new(2026, 11, 27, 10, 15, 5, TimeSpan.Zero);

    public enum Reader
    {
        /// <summary>CAS 1.0 /validate text.</summary>
        Cas1,

        /// <summary>CAS 2.0/3.0 serviceValidate/proxyValidate XML.</summary>
        Xml,

        /// <summary>CAS 3.0 format=JSON.</summary>
        Json,

        /// <summary>SAML 1.1 samlValidate.</summary>
        Saml11,

        /// <summary>CAS /proxy.</summary>
        Proxy,
    }

    private const string Malformed = "ServerError " + CasFailureCodes.Malformed;

    /// <summary>Outcomes: "user NAME", "PT TICKET", or "KIND CODE".</summary>
    public static TheoryData<string, Reader, string> Table => new()
    {
        // CAS 1.0
        { "cas1-validate-success.txt", Reader.Cas1, "user alice" },
        { "cas1-validate-success-crlf.txt", Reader.Cas1, "user alice" },
        { "cas1-validate-failure.txt", Reader.Cas1, "TicketRejected INVALID_TICKET" },
        { "cas1-validate-failure-crlf.txt", Reader.Cas1, "TicketRejected INVALID_TICKET" },
        { "hostile-cas1-two-users.txt", Reader.Cas1, Malformed },
        { "hostile-cas1-no-user.txt", Reader.Cas1, Malformed },

        // CAS 2.0 / 3.0 XML, the four attribute styles, every failure code
        { "cas2-serviceValidate-success.xml", Reader.Xml, "user alice" },
        { "cas2-serviceValidate-success-pgt.xml", Reader.Xml, "user alice" },
        { "cas3-serviceValidate-success-attributes.xml", Reader.Xml, "user alice" },
        { "cas3-proxyValidate-success-proxies.xml", Reader.Xml, "user alice" },
        { "attributes-jasig-name-value.xml", Reader.Xml, "user alice" },
        { "attributes-rubycas-style.xml", Reader.Xml, "user alice" },
        { "attributes-name-value-style.xml", Reader.Xml, "user alice" },
        { "cas3-failure-invalid-request.xml", Reader.Xml, "TicketRejected INVALID_REQUEST" },
        { "cas3-failure-invalid-ticket-spec.xml", Reader.Xml, "TicketRejected INVALID_TICKET_SPEC" },
        { "cas3-failure-invalid-ticket.xml", Reader.Xml, "TicketRejected INVALID_TICKET" },
        { "cas3-failure-invalid-service.xml", Reader.Xml, "TicketRejected INVALID_SERVICE" },
        { "cas3-failure-internal-error.xml", Reader.Xml, "TicketRejected INTERNAL_ERROR" },
        { "cas3-failure-invalid-proxy-callback.xml", Reader.Xml, "TicketRejected INVALID_PROXY_CALLBACK" },
        { "cas3-failure-something-new.xml", Reader.Xml, "TicketRejected SOMETHING_NEW" },
        { "hostile-success-injected-in-failure.xml", Reader.Xml, "TicketRejected INVALID_TICKET" },
        { "hostile-two-children.xml", Reader.Xml, Malformed },
        { "hostile-empty-user.xml", Reader.Xml, Malformed },
        { "hostile-wrong-namespace.xml", Reader.Xml, Malformed },
        { "hostile-xxe.xml", Reader.Xml, Malformed },
        { "hostile-entity-expansion.xml", Reader.Xml, Malformed },
        { "not-xml-html-login-page.html", Reader.Xml, Malformed },
        { "truncated.xml", Reader.Xml, Malformed },

        // CAS 3.0 JSON
        { "cas3-success.json", Reader.Json, "user alice" },
        { "cas3-success-attributes.json", Reader.Json, "user alice" },
        { "cas3-failure.json", Reader.Json, "TicketRejected INVALID_TICKET" },
        { "cas3-failure-invalid-service.json", Reader.Json, "TicketRejected INVALID_SERVICE" },
        { "hostile-json-two-answers.json", Reader.Json, Malformed },
        { "hostile-json-duplicate-user.json", Reader.Json, Malformed },
        { "hostile-json-duplicate-service-response.json", Reader.Json, Malformed },
        { "hostile-json-success-injected-in-failure.json", Reader.Json, "TicketRejected INVALID_TICKET" },

        // SAML 1.1
        { "saml11-response-success.xml", Reader.Saml11, "user alice" },
        { "saml11-response-success-microseconds.xml", Reader.Saml11, "user bob" },
        { "saml11-response-failure.xml", Reader.Saml11, "TicketRejected RequestDenied" },
        { "saml11-response-failure-message-in-statuscode.xml", Reader.Saml11, "TicketRejected INVALID_TICKET" },
        { "saml11-response-expired.xml", Reader.Saml11, "TicketRejected SAML_ASSERTION_EXPIRED" },
        { "saml11-soap-fault-version-mismatch.xml", Reader.Saml11, "ServerError SOAP_FAULT" },
        { "hostile-saml-success-wrong-namespace.xml", Reader.Saml11, Malformed },
        { "hostile-saml-two-assertions.xml", Reader.Saml11, Malformed },
        { "hostile-saml-success-injected-in-failure.xml", Reader.Saml11, "TicketRejected RequestDenied" },
        { "hostile-saml-xxe.xml", Reader.Saml11, Malformed },
        { "saml11-request.xml", Reader.Saml11, Malformed },

        // /proxy
        { "proxy-success.xml", Reader.Proxy, "PT PT-1856392-b98xZrQN4p90ASrw96c8" },
        { "proxy-failure.xml", Reader.Proxy, "TicketRejected INVALID_REQUEST" },
        { "proxy-failure-unauthorized-service.xml", Reader.Proxy, "TicketRejected UNAUTHORIZED_SERVICE" },
        { "proxy-failure-internal-error.xml", Reader.Proxy, "TicketRejected INTERNAL_ERROR" },
        { "proxy-failure-something-new.xml", Reader.Proxy, "TicketRejected PGT_EXPIRED" },
        { "hostile-proxy-ticket-path.xml", Reader.Proxy, Malformed },
        { "hostile-proxy-success-injected-in-failure.xml", Reader.Proxy, "TicketRejected INVALID_REQUEST" },

        // Not validation answers at all
        { "slo-logout-request.xml", Reader.Xml, Malformed },
        { "slo-front-channel-logoutRequest.b64", Reader.Xml, Malformed },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Sample_read_by_its_endpoints_reader_gives_the_exact_outcome(string sample, Reader reader, string outcome)
    {
        Assert.Equal(outcome, Outcome(reader, Samples.Read(sample)));
    }

    [Fact]
    public void Table_covers_every_sample()
    {
        var covered = Table.Select(row => (string)row[0]).ToHashSet();

        Assert.Subset(covered, Samples.Names.ToHashSet());
    }

    [Fact]
    public void Every_sample_with_every_reader_signs_in_only_where_the_table_says()
    {
        var expected = Table
            .Where(row => ((string)row[2]).StartsWith("user ", StringComparison.Ordinal) || ((string)row[2]).StartsWith("PT ", StringComparison.Ordinal))
            .Select(row => ((string)row[0], (Reader)row[1]))
            .ToHashSet();

        var actual = Samples.Names
            .SelectMany(sample => Enum.GetValues<Reader>().Select(reader => (sample, reader)))
            .Where(pair => Outcome(pair.reader, Samples.Read(pair.sample)) is var outcome
                && (outcome.StartsWith("user ", StringComparison.Ordinal) || outcome.StartsWith("PT ", StringComparison.Ordinal)))
            .ToHashSet();

        Assert.Equal(expected.OrderBy(pair => pair.ToString()), actual.OrderBy(pair => pair.ToString()));
    }

    [Fact]
    public void Every_failure_reason_with_every_reader_is_free_of_tickets()
    {
        foreach (var sample in Samples.Names)
        {
            foreach (var reader in Enum.GetValues<Reader>())
            {
                var reason = Reason(reader, Samples.Read(sample));
                Assert.DoesNotMatch(@"(ST|PT|PGT|PGTIOU|TGT)-[A-Za-z0-9]", reason ?? string.Empty);
            }
        }
    }

    [Fact]
    public void The_same_attributes_in_every_format_and_style_give_the_same_assertion()
    {
        string[] xmlStyles = ["attributes-jasig-name-value.xml", "attributes-rubycas-style.xml", "attributes-name-value-style.xml"];
        var expected = new[] { ("mail", "alice@example.edu"), ("memberOf", "staff"), ("memberOf", "portal-admins") };

        var assertions = xmlStyles.Select(sample => CasServiceResponseParser.Parse(Samples.Read(sample)).Assertion!)
            .Append(CasJsonResponseParser.Parse(Samples.Read("cas3-success-attributes.json")).Assertion!)
            .Append(Saml11ResponseParser.Parse(Samples.Read("saml11-response-success.xml"), SamlNow, TimeSpan.FromMinutes(2)).Assertion!);

        Assert.All(assertions, assertion =>
        {
            Assert.Equal("alice", assertion.Username);
            Assert.Equal(expected, Flatten(assertion));
            Assert.Null(assertion.ProxyGrantingTicketIou);
            Assert.Null(assertion.Proxies);
        });
    }

    internal static string Outcome(Reader reader, string body)
    {
        if (reader == Reader.Proxy)
        {
            var proxy = CasProxyResponseParser.Parse(body);
            return proxy.ProxyTicket is { } ticket ? $"PT {ticket}" : $"{proxy.Failure!.Kind} {proxy.Failure.Code}";
        }

        var result = Validate(reader, body);
        return result.Assertion is { } assertion ? $"user {assertion.Username}" : $"{result.Failure!.Kind} {result.Failure.Code}";
    }

    internal static List<(string Name, string Value)> Flatten(CasAssertion assertion) =>
        [.. assertion.Attributes.SelectMany(pair => pair.Value.Select(value => (pair.Key, value)))];

    private static string? Reason(Reader reader, string body) =>
        reader == Reader.Proxy ? CasProxyResponseParser.Parse(body).Failure?.Reason : Validate(reader, body).Failure?.Reason;

    private static CasValidationResult Validate(Reader reader, string body) => reader switch
    {
        Reader.Cas1 => Cas1ResponseParser.Parse(body),
        Reader.Xml => CasServiceResponseParser.Parse(body),
        Reader.Json => CasJsonResponseParser.Parse(body),
        Reader.Saml11 => Saml11ResponseParser.Parse(body, SamlNow, TimeSpan.FromMinutes(2)),
        _ => throw new ArgumentOutOfRangeException(nameof(reader)),
    };
}
