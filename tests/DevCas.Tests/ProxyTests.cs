using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.WebUtilities;
using static CasPortal.DevCas.Tests.DevCasTestHost;

namespace CasPortal.DevCas.Tests;

public sealed class ProxyTests
{
    private const string PgtUrl = "https://portal.example.edu/cas/proxy-callback";
    private const string Target = "https://portal.example.edu/grades/signin-cas";

    // The spec: PGTs and IOUs are [A-Za-z0-9-] after their prefix, and every client must accept 64 characters.
    private static readonly Regex PgtPattern = new("^PGT-[A-Za-z0-9-]{1,60}$");
    private static readonly Regex IouPattern = new("^PGTIOU-[A-Za-z0-9-]{1,57}$");
    private static readonly Regex PtPattern = new("^PT-[A-Za-z0-9-]+$");

    [Theory]
    [InlineData("serviceValidate")]
    [InlineData("proxyValidate")]
    [InlineData("p3/serviceValidate")]
    [InlineData("p3/proxyValidate")]
    public async Task A_pgtUrl_gets_pgtIou_and_pgtId_before_the_answer_which_names_the_IOU(string endpoint)
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();

        var answer = await cas.ValidateWithPgtUrlAsync(Service, ticket, PgtUrl, endpoint);

        var callback = Assert.Single(cas.Outbound.Requests);
        Assert.Equal(HttpMethod.Get, callback.Method);
        Assert.Equal(PgtUrl, callback.Uri.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(callback.Uri.Query);
        Assert.Equal(["pgtIou", "pgtId"], query.Keys);
        var iou = query["pgtIou"].ToString();
        var pgt = query["pgtId"].ToString();
        Assert.Matches(IouPattern, iou);
        Assert.Matches(PgtPattern, pgt);
        Assert.Equal(Cas + "authenticationSuccess", answer.Name);
        Assert.Equal("alice", answer.Element(Cas + "user")?.Value);
        Assert.Equal(iou, answer.Element(Cas + "proxyGrantingTicket")?.Value);
        Assert.DoesNotContain(pgt, answer.ToString());
        Assert.Null(answer.Element(Cas + "proxies"));
    }

    [Fact]
    public async Task PGTs_and_IOUs_differ_from_one_validation_to_the_next()
    {
        await using var cas = await StartAsync();

        var first = await ObtainPgtAsync(cas);
        var second = await ObtainPgtAsync(cas);

        Assert.NotEqual(first.Pgt, second.Pgt);
        Assert.NotEqual(first.Iou, second.Iou);
    }

    [Fact]
    public async Task A_pgtUrl_with_a_query_gets_the_parameters_appended()
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();

        await cas.ValidateWithPgtUrlAsync(Service, ticket, PgtUrl + "?node=2");

        var query = QueryHelpers.ParseQuery(Assert.Single(cas.Outbound.Requests).Uri.Query);
        Assert.Equal(["node", "pgtIou", "pgtId"], query.Keys);
        Assert.Equal("2", query["node"].ToString());
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.Found)]
    public async Task A_callback_that_does_not_answer_2xx_leaves_a_success_without_PGT_and_the_PGT_unusable(HttpStatusCode status)
    {
        await using var cas = await StartAsync();
        cas.Outbound.Responder = (_, _) => Task.FromResult(new HttpResponseMessage(status));
        var (_, ticket, _) = await cas.SignInAsync();

        var answer = await cas.ValidateWithPgtUrlAsync(Service, ticket, PgtUrl);

        Assert.Equal(Cas + "authenticationSuccess", answer.Name);
        Assert.Null(answer.Element(Cas + "proxyGrantingTicket"));
        var pgt = QueryHelpers.ParseQuery(Assert.Single(cas.Outbound.Requests).Uri.Query)["pgtId"].ToString();
        AssertProxyFailure(await cas.ProxyAsync(pgt, Target), "INVALID_TICKET");
    }

    [Fact]
    public async Task An_unreachable_callback_leaves_a_success_without_PGT()
    {
        await using var cas = await StartAsync();
        cas.Outbound.Responder = (_, _) => throw new HttpRequestException("Connection refused");
        var (_, ticket, _) = await cas.SignInAsync();

        var answer = await cas.ValidateWithPgtUrlAsync(Service, ticket, PgtUrl, "p3/proxyValidate");

        Assert.Equal(Cas + "authenticationSuccess", answer.Name);
        Assert.Null(answer.Element(Cas + "proxyGrantingTicket"));
    }

    [Theory]
    [InlineData("http://portal.example.edu/cas/proxy-callback")]
    [InlineData("/cas/proxy-callback")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://portal.example.edu/cb")]
    [InlineData("https://portal.example.edu/cb#fragment")]
    public async Task A_pgtUrl_that_is_not_https_is_INVALID_PROXY_CALLBACK_and_never_called(string pgtUrl)
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();

        var answer = await cas.ValidateWithPgtUrlAsync(Service, ticket, pgtUrl);

        AssertFailure(answer, "INVALID_PROXY_CALLBACK");
        Assert.Empty(cas.Outbound.Requests);
    }

    [Fact]
    public async Task An_http_pgtUrl_is_accepted_when_AllowHttpProxyCallbacks_is_set()
    {
        await using var cas = await StartAsync(moreSettingsJson: "\"AllowHttpProxyCallbacks\": true,");
        const string httpCallback = "http://portal.example.edu/cas/proxy-callback";
        var (_, ticket, _) = await cas.SignInAsync();

        var answer = await cas.ValidateWithPgtUrlAsync(Service, ticket, httpCallback);

        Assert.Matches(IouPattern, answer.Element(Cas + "proxyGrantingTicket")?.Value ?? "");
        Assert.Equal(httpCallback, Assert.Single(cas.Outbound.Requests).Uri.GetLeftPart(UriPartial.Path));
        // Other schemes stay refused.
        var (_, otherTicket, _) = await cas.SignInAsync();
        AssertFailure(await cas.ValidateWithPgtUrlAsync(Service, otherTicket, "ftp://portal.example.edu/cb"), "INVALID_PROXY_CALLBACK");
    }

    [Fact]
    public async Task A_failed_validation_calls_no_callback()
    {
        await using var cas = await StartAsync();

        AssertFailure(
            await cas.ValidateWithPgtUrlAsync(Service, "ST-NeverIssuedByThisServer-devcas", PgtUrl), "INVALID_TICKET");
        Assert.Empty(cas.Outbound.Requests);
    }

    [Fact]
    public async Task Proxy_issues_a_proxy_ticket_that_validates_at_the_target_with_the_callback_as_proxy()
    {
        await using var cas = await StartAsync();
        var (pgt, _) = await ObtainPgtAsync(cas);

        var proxyAnswer = await cas.ProxyAsync(pgt, Target);

        Assert.Equal(Cas + "proxySuccess", proxyAnswer.Name);
        var pt = Assert.Single(proxyAnswer.Elements(Cas + "proxyTicket")).Value;
        Assert.Matches(PtPattern, pt);
        var answer = await cas.ValidateXmlAsync(Target, pt, endpoint: "p3/proxyValidate");
        Assert.Equal(Cas + "authenticationSuccess", answer.Name);
        Assert.Equal("alice", answer.Element(Cas + "user")?.Value);
        Assert.Equal([PgtUrl], answer.Element(Cas + "proxies")!.Elements(Cas + "proxy").Select(e => e.Value));
        var attributes = answer.Element(Cas + "attributes")!;
        Assert.Equal("alice@example.edu", attributes.Element(Cas + "mail")?.Value);
        Assert.Equal("false", attributes.Element(Cas + "isFromNewLogin")?.Value);
    }

    [Fact]
    public async Task Cas2_proxyValidate_answers_the_proxies_without_attributes()
    {
        await using var cas = await StartAsync();
        var pt = await ObtainProxyTicketAsync(cas);

        var answer = await cas.ValidateXmlAsync(Target, pt, endpoint: "proxyValidate");

        Assert.Equal("alice", answer.Element(Cas + "user")?.Value);
        Assert.Null(answer.Element(Cas + "attributes"));
        Assert.Equal([PgtUrl], answer.Element(Cas + "proxies")!.Elements(Cas + "proxy").Select(e => e.Value));
        // The schema's order.
        Assert.Equal([Cas + "user", Cas + "proxies"], answer.Elements().Select(e => e.Name));
    }

    [Fact]
    public async Task Json_proxyValidate_answers_the_proxies_array()
    {
        await using var cas = await StartAsync();
        var pt = await ObtainProxyTicketAsync(cas);

        var (name, answer) = await cas.ValidateJsonAsync(Target, pt, endpoint: "p3/proxyValidate");

        Assert.Equal("authenticationSuccess", name);
        Assert.Equal("alice", answer.GetProperty("user").GetString());
        Assert.Equal([PgtUrl], answer.GetProperty("proxies").EnumerateArray().Select(v => v.GetString()));
    }

    [Theory]
    [InlineData("proxyValidate")]
    [InlineData("p3/proxyValidate")]
    public async Task ProxyValidate_accepts_a_service_ticket_without_proxies(string endpoint)
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();

        var answer = await cas.ValidateXmlAsync(Service, ticket, endpoint: endpoint);

        Assert.Equal("alice", answer.Element(Cas + "user")?.Value);
        Assert.Null(answer.Element(Cas + "proxies"));
    }

    [Theory]
    [InlineData("serviceValidate")]
    [InlineData("p3/serviceValidate")]
    public async Task ServiceValidate_refuses_a_proxy_ticket_with_INVALID_TICKET_SPEC(string endpoint)
    {
        await using var cas = await StartAsync();
        var pt = await ObtainProxyTicketAsync(cas);

        var answer = await cas.ValidateXmlAsync(Target, pt, endpoint: endpoint);

        AssertFailure(answer, "INVALID_TICKET_SPEC", pt);
    }

    [Theory]
    [InlineData("TGT-1-abcdefghijklmnopqrstuvwxyz")]
    [InlineData("PGT-1-abcdefghijklmnopqrstuvwxyz")]
    [InlineData("pt-lowercase")]
    public async Task ProxyValidate_refuses_other_tickets_with_INVALID_TICKET_SPEC(string ticket)
    {
        await using var cas = await StartAsync();

        AssertFailure(await cas.ValidateXmlAsync(Service, ticket, endpoint: "p3/proxyValidate"), "INVALID_TICKET_SPEC", ticket);
    }

    [Fact]
    public async Task A_proxy_ticket_is_single_use()
    {
        await using var cas = await StartAsync();
        var pt = await ObtainProxyTicketAsync(cas);
        await cas.ValidateXmlAsync(Target, pt, endpoint: "p3/proxyValidate");

        AssertFailure(await cas.ValidateXmlAsync(Target, pt, endpoint: "p3/proxyValidate"), "INVALID_TICKET", pt);
    }

    [Fact]
    public async Task A_proxy_ticket_validated_for_another_service_is_INVALID_SERVICE_and_dead_afterwards()
    {
        await using var cas = await StartAsync();
        var pt = await ObtainProxyTicketAsync(cas);

        AssertFailure(await cas.ValidateXmlAsync(Service, pt, endpoint: "p3/proxyValidate"), "INVALID_SERVICE", pt);
        AssertFailure(await cas.ValidateXmlAsync(Target, pt, endpoint: "p3/proxyValidate"), "INVALID_TICKET", pt);
    }

    [Fact]
    public async Task A_proxy_ticket_expires()
    {
        await using var cas = await StartAsync();
        var pt = await ObtainProxyTicketAsync(cas);

        cas.Time.Advance(TimeSpan.FromSeconds(60));

        AssertFailure(await cas.ValidateXmlAsync(Target, pt, endpoint: "p3/proxyValidate"), "INVALID_TICKET", pt);
    }

    [Fact]
    public async Task Renew_refuses_a_proxy_ticket()
    {
        await using var cas = await StartAsync();
        var pt = await ObtainProxyTicketAsync(cas);

        AssertFailure(await cas.ValidateXmlAsync(Target, pt, renew: true, endpoint: "p3/proxyValidate"), "INVALID_TICKET", pt);
    }

    [Fact]
    public async Task A_proxy_of_a_proxy_gets_the_chain_most_recent_first()
    {
        await using var cas = await StartAsync();
        const string secondCallback = "https://portal.example.edu/grades/proxy-callback";
        const string finalTarget = "https://portal.example.edu/library/signin-cas";
        var pt = await ObtainProxyTicketAsync(cas);

        // The first target validates its PT with its own pgtUrl, and proxies further.
        var answer = await cas.ValidateWithPgtUrlAsync(Target, pt, secondCallback, "p3/proxyValidate");
        Assert.NotNull(answer.Element(Cas + "proxyGrantingTicket"));
        var secondPgt = QueryHelpers.ParseQuery(cas.Outbound.Requests[^1].Uri.Query)["pgtId"].ToString();
        var secondPt = Assert.Single((await cas.ProxyAsync(secondPgt, finalTarget)).Elements(Cas + "proxyTicket")).Value;

        var final = await cas.ValidateXmlAsync(finalTarget, secondPt, endpoint: "p3/proxyValidate");

        Assert.Equal("alice", final.Element(Cas + "user")?.Value);
        Assert.Equal(
            [secondCallback, PgtUrl],
            final.Element(Cas + "proxies")!.Elements(Cas + "proxy").Select(e => e.Value));
    }

    [Fact]
    public async Task A_PGT_can_issue_several_proxy_tickets()
    {
        await using var cas = await StartAsync();
        var (pgt, _) = await ObtainPgtAsync(cas);

        var first = Assert.Single((await cas.ProxyAsync(pgt, Target)).Elements(Cas + "proxyTicket")).Value;
        var second = Assert.Single((await cas.ProxyAsync(pgt, Target)).Elements(Cas + "proxyTicket")).Value;

        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData(null, Target)]
    [InlineData("PGT-x", null)]
    [InlineData("", Target)]
    [InlineData(null, null)]
    public async Task Proxy_without_pgt_or_targetService_is_INVALID_REQUEST(string? pgt, string? targetService)
    {
        await using var cas = await StartAsync();

        AssertProxyFailure(await cas.ProxyAsync(pgt, targetService), "INVALID_REQUEST");
    }

    [Fact]
    public async Task Proxy_with_an_unknown_PGT_is_INVALID_TICKET()
    {
        await using var cas = await StartAsync();
        const string pgt = "PGT-NeverIssuedByThisServer-devcas";

        var answer = await cas.ProxyAsync(pgt, Target);

        AssertProxyFailure(answer, "INVALID_TICKET");
        Assert.DoesNotContain(pgt, answer.Value);
    }

    [Theory]
    [InlineData("https://evil.example/signin-cas")]
    [InlineData("https://portal.example.edu.evil.example/")]
    [InlineData("javascript:alert(1)")]
    public async Task Proxy_for_a_target_that_is_not_allowed_is_UNAUTHORIZED_SERVICE(string targetService)
    {
        await using var cas = await StartAsync();
        var (pgt, _) = await ObtainPgtAsync(cas);

        AssertProxyFailure(await cas.ProxyAsync(pgt, targetService), "UNAUTHORIZED_SERVICE");
    }

    [Fact]
    public async Task PGTs_end_with_the_single_sign_on_session()
    {
        await using var cas = await StartAsync();
        var (_, ticket, tgc) = await cas.SignInAsync();
        await cas.ValidateWithPgtUrlAsync(Service, ticket, PgtUrl);
        var pgt = QueryHelpers.ParseQuery(Assert.Single(cas.Outbound.Requests).Uri.Query)["pgtId"].ToString();
        Assert.Equal(Cas + "proxySuccess", (await cas.ProxyAsync(pgt, Target)).Name);

        (await cas.GetAsync("/dev-cas/logout", tgc)).Dispose();

        AssertProxyFailure(await cas.ProxyAsync(pgt, Target), "INVALID_TICKET");
    }

    [Fact]
    public async Task PGTs_end_when_the_single_sign_on_session_expires()
    {
        await using var cas = await StartAsync(moreSettingsJson: """ "SessionLifetime": "08:00:00", """);
        var (pgt, _) = await ObtainPgtAsync(cas);

        cas.Time.Advance(TimeSpan.FromHours(8));

        AssertProxyFailure(await cas.ProxyAsync(pgt, Target), "INVALID_TICKET");
    }

    [Fact]
    public async Task PGTs_end_when_their_session_is_forgotten_for_a_newer_one()
    {
        await using var cas = await StartAsync(moreSettingsJson: """ "MaxSessions": 1, """);
        var (pgt, _) = await ObtainPgtAsync(cas);

        await cas.SignInAsync(username: "bob");

        AssertProxyFailure(await cas.ProxyAsync(pgt, Target), "INVALID_TICKET");
    }

    [Fact]
    public async Task A_ticket_validated_after_its_session_ended_gets_no_PGT()
    {
        await using var cas = await StartAsync();
        var (_, ticket, tgc) = await cas.SignInAsync();
        (await cas.GetAsync("/dev-cas/logout", tgc)).Dispose();
        var before = cas.Outbound.Requests.Count;

        var answer = await cas.ValidateWithPgtUrlAsync(Service, ticket, PgtUrl);

        Assert.Equal(Cas + "authenticationSuccess", answer.Name);
        Assert.Null(answer.Element(Cas + "proxyGrantingTicket"));
        Assert.Equal(before, cas.Outbound.Requests.Count);
    }

    [Fact]
    public async Task The_sample_service_validates_its_proxy_ticket_over_http_and_greets_the_user()
    {
        await using var cas = await StartAsync("""["https://portal.example.edu/", "http://localhost/"]""");
        const string sampleService = "http://localhost/dev-cas/sample-service";
        var (pgt, _) = await ObtainPgtAsync(cas);
        var pt = Assert.Single((await cas.ProxyAsync(pgt, sampleService)).Elements(Cas + "proxyTicket")).Value;

        using var response = await cas.Client.GetAsync($"/dev-cas/sample-service?ticket={Uri.EscapeDataString(pt)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal($"Hello, alice! (validated proxy ticket via {PgtUrl})\n", await response.Content.ReadAsStringAsync());

        // The ticket was consumed by that validation: a replay is refused.
        using var replay = await cas.Client.GetAsync($"/dev-cas/sample-service?ticket={Uri.EscapeDataString(pt)}");
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Contains("INVALID_TICKET", await replay.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_sample_service_refuses_a_proxy_ticket_issued_for_another_service()
    {
        await using var cas = await StartAsync("""["https://portal.example.edu/", "http://localhost/"]""");
        var pt = await ObtainProxyTicketAsync(cas);

        using var response = await cas.Client.GetAsync($"/dev-cas/sample-service?ticket={Uri.EscapeDataString(pt)}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("INVALID_SERVICE", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_sample_service_without_ticket_is_a_401()
    {
        await using var cas = await StartAsync();

        using var response = await cas.Client.GetAsync("/dev-cas/sample-service");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("INVALID_REQUEST", await response.Content.ReadAsStringAsync());
    }

    private static async Task<(string Pgt, string Iou)> ObtainPgtAsync(DevCasTestHost cas)
    {
        var (_, ticket, _) = await cas.SignInAsync();
        var answer = await cas.ValidateWithPgtUrlAsync(Service, ticket, PgtUrl);
        var query = QueryHelpers.ParseQuery(cas.Outbound.Requests[^1].Uri.Query);
        Assert.Equal(query["pgtIou"].ToString(), answer.Element(Cas + "proxyGrantingTicket")?.Value);
        return (query["pgtId"].ToString(), query["pgtIou"].ToString());
    }

    private static async Task<string> ObtainProxyTicketAsync(DevCasTestHost cas)
    {
        var (pgt, _) = await ObtainPgtAsync(cas);
        return Assert.Single((await cas.ProxyAsync(pgt, Target)).Elements(Cas + "proxyTicket")).Value;
    }

    private static void AssertProxyFailure(XElement answer, string code)
    {
        Assert.Equal(Cas + "proxyFailure", answer.Name);
        Assert.Equal(code, answer.Attribute("code")?.Value);
        Assert.False(string.IsNullOrWhiteSpace(answer.Value));
        Assert.Empty(answer.Elements());
    }

    private static void AssertFailure(XElement answer, string code, string? ticket = null)
    {
        Assert.Equal(Cas + "authenticationFailure", answer.Name);
        Assert.Equal(code, answer.Attribute("code")?.Value);
        Assert.False(string.IsNullOrWhiteSpace(answer.Value));
        if (ticket is not null)
        {
            Assert.DoesNotContain(ticket, answer.Value);
        }
    }
}
