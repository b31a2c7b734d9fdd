using CasPortal.Application.Common.Cas;
using CasPortal.Infrastructure.Cas;

namespace CasPortal.Infrastructure.Tests.Cas;

public class CasProxyResponseParserTests
{
    [Fact]
    public void Proxy_success_hands_out_the_proxy_ticket()
    {
        var result = CasProxyResponseParser.Parse(Samples.Read("proxy-success.xml"));

        Assert.True(result.Succeeded);
        Assert.Equal("PT-1856392-b98xZrQN4p90ASrw96c8", result.ProxyTicket);
        Assert.Null(result.Failure);
        Assert.DoesNotContain("PT-", result.ToString());
    }

    [Theory]
    [InlineData("proxy-failure.xml", CasFailureCodes.InvalidRequest, "'pgt' and 'targetService' parameters are both required")]
    [InlineData("proxy-failure-unauthorized-service.xml", CasFailureCodes.UnauthorizedService,
        "Service https://mail.example.edu/ may not receive proxy tickets from [ticket]")]
    [InlineData("proxy-failure-internal-error.xml", CasFailureCodes.InternalError, "Ticket registry unavailable")]
    [InlineData("proxy-failure-something-new.xml", "PGT_EXPIRED", "The proxy-granting ticket [ticket] expired")]
    [InlineData("hostile-proxy-success-injected-in-failure.xml", CasFailureCodes.InvalidRequest, "pgt unknown")]
    public void Proxy_failure_keeps_the_code_and_the_servers_text_without_tickets(string sample, string code, string reason)
    {
        var result = CasProxyResponseParser.Parse(Samples.Read(sample));

        Assert.Null(result.ProxyTicket);
        Assert.Equal((CasFailureKind.TicketRejected, code, reason), (result.Failure!.Kind, result.Failure.Code, result.Failure.Reason));
    }

    [Fact]
    public void Failure_without_code_is_an_internal_error()
    {
        var result = CasProxyResponseParser.Parse(Wrap("<cas:proxyFailure>PGT-1-abc unknown</cas:proxyFailure>"));

        Assert.Equal(
            (CasFailureCodes.InternalError, "The CAS server refused the proxy ticket request without a failure code: [ticket] unknown"),
            (result.Failure!.Code, result.Failure.Reason));
    }

    [Theory]
    [InlineData("hostile-proxy-ticket-path.xml", "The CAS server's proxyTicket is not a PT-… ticket of letters, digits, '-' and '.'.")]
    [InlineData("cas3-serviceValidate-success-attributes.xml",
        "The CAS server's serviceResponse holds 'authenticationSuccess' instead of proxySuccess or proxyFailure.")]
    [InlineData("hostile-xxe.xml", "The CAS server's answer declares a DTD, which the portal refuses (it can smuggle in entities or files).")]
    [InlineData("not-xml-html-login-page.html", "The CAS server's answer is not XML (it looks like an HTML page).")]
    public void Anything_but_a_proxy_answer_is_malformed(string sample, string reason)
    {
        AssertMalformed(Samples.Read(sample), reason);
    }

    [Theory]
    [InlineData("<cas:proxySuccess/>", "The CAS server's proxySuccess holds no proxyTicket.")]
    [InlineData("<cas:proxySuccess><cas:proxyTicket>PT-1-a</cas:proxyTicket><cas:proxyTicket>PT-2-b</cas:proxyTicket></cas:proxySuccess>",
        "The CAS server's proxySuccess holds more than one proxyTicket.")]
    [InlineData("<cas:proxySuccess><cas:proxyTicket>ST-1-a</cas:proxyTicket></cas:proxySuccess>",
        "The CAS server's proxyTicket is not a PT-… ticket of letters, digits, '-' and '.'.")]
    [InlineData("<cas:proxySuccess><cas:proxyTicket>PT-1<cas:x/>-a</cas:proxyTicket></cas:proxySuccess>",
        "The CAS server's proxyTicket is not a PT-… ticket of letters, digits, '-' and '.'.")]
    [InlineData("<cas:proxySuccess><cas:proxyTicket>PT-1-a\n\nPT-2</cas:proxyTicket></cas:proxySuccess>",
        "The CAS server's proxyTicket is not a PT-… ticket of letters, digits, '-' and '.'.")]
    [InlineData("<cas:wrapper><cas:proxySuccess><cas:proxyTicket>PT-1-a</cas:proxyTicket></cas:proxySuccess></cas:wrapper>",
        "The CAS server's serviceResponse holds 'wrapper' instead of proxySuccess or proxyFailure.")]
    [InlineData("<cas:proxySuccess><cas:proxyTicket>PT-1-a</cas:proxyTicket></cas:proxySuccess><cas:proxyFailure code=\"X\"/>",
        "The CAS server's serviceResponse holds more than one element; a CAS answer holds exactly one.")]
    [InlineData("", "The CAS server's serviceResponse is empty (neither proxySuccess nor proxyFailure).")]
    public void Proxy_success_without_exactly_one_well_formed_pt_is_malformed(string inner, string reason)
    {
        AssertMalformed(Wrap(inner), reason);
    }

    [Fact]
    public void Proxy_ticket_is_trimmed()
    {
        Assert.Equal("PT-9-x.y", CasProxyResponseParser.Parse(Wrap("<cas:proxySuccess><cas:proxyTicket>\n PT-9-x.y \n</cas:proxyTicket></cas:proxySuccess>")).ProxyTicket);
    }

    private static void AssertMalformed(string body, string reason)
    {
        var result = CasProxyResponseParser.Parse(body);

        Assert.False(result.Succeeded);
        Assert.Equal((CasFailureKind.ServerError, CasFailureCodes.Malformed, reason), (result.Failure!.Kind, result.Failure.Code, result.Failure.Reason));
    }

    private static string Wrap(string inner) => $"""<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">{inner}</cas:serviceResponse>""";
}
