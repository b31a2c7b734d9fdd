using System.Net;
using CasPortal.Domain.Audit;
using CasPortal.Web.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Web.FunctionalTests;

/// <summary>
/// The sign-in journey for every protocol version, format and login option, end to end over HTTP against the
/// development CAS server, each with its own portal configured as an operator would.
/// </summary>
public class ProtocolMatrixTests
{
    private sealed class ConfiguredPortal(Func<string, Dictionary<string, string?>> settings) : PortalFactory
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => settings(BaseUrl);
    }

    [Theory]
    [InlineData("1", "Xml", false)]
    [InlineData("2", "Xml", false)]
    [InlineData("3", "Xml", true)]
    [InlineData("3", "Json", true)]
    [InlineData("Saml11", "Xml", true)]
    public async Task Every_protocol_version_and_format_signs_the_user_in(string version, string format, bool hasAttributes)
    {
        await using var portal = new ConfiguredPortal(_ => new() { ["Cas:ProtocolVersion"] = version, ["Cas:ResponseFormat"] = format });
        using var browser = portal.NewBrowser();

        var profile = await browser.SignInAsync("alice", "alice", "/profile");

        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        var html = await PortalBrowser.ParseAsync(profile);
        Assert.Equal("alice", html.QuerySelector("[data-testid=username]")!.TextContent);
        var attributes = html.QuerySelector("[data-testid=attributes]")?.TextContent ?? string.Empty;
        Assert.Equal(hasAttributes, attributes.Contains("cn=staff,ou=groups,dc=example,dc=edu"));
        if (hasAttributes)
        {
            Assert.Contains("Password typed for this sign-in", attributes);
        }
    }

    [Fact]
    public async Task Renew_is_sent_on_login_and_validation_and_forces_the_password_form_despite_single_sign_on()
    {
        await using var portal = new ConfiguredPortal(_ => new() { ["Cas:Renew"] = "true" });
        using var browser = portal.NewBrowser();
        await browser.SignInAsync("alice", "alice");

        var again = await browser.FollowAsync(await browser.GetAsync("/login?next=/profile"));

        Assert.Contains("renew=true", browser.History[^1].Query);
        Assert.Equal("/dev-cas/login", again.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("<form", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Gateway_tries_a_silent_sign_in_once_and_leaves_an_anonymous_visitor_on_the_home_page_without_a_loop()
    {
        await using var portal = new ConfiguredPortal(_ => new() { ["Cas:Gateway"] = "true" });
        using var browser = portal.NewBrowser();

        var home = await browser.FollowAsync(await browser.GetAsync("/"));

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal("/", home.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.NotNull((await PortalBrowser.ParseAsync(home)).QuerySelector("[data-testid=anonymous-home]"));
        Assert.Single(browser.History, url => url.AbsolutePath == "/dev-cas/login");
        Assert.Contains(browser.History, url => url.Query.Contains("gateway=true", StringComparison.Ordinal));

        var homeAgain = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, homeAgain.StatusCode);
    }

    [Fact]
    public async Task Gateway_signs_in_silently_when_the_user_already_has_a_single_sign_on_session()
    {
        await using var portal = new ConfiguredPortal(_ => new() { ["Cas:Gateway"] = "true" });
        using var browser = portal.NewBrowser();
        // Signed in at the CAS server (for another service), never at the portal.
        await browser.SignInAsync("bob", "bob", "/dev-cas/login?service=" + Uri.EscapeDataString(portal.BaseUrl + "/logout-callback"));
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/profile")).StatusCode);

        var landed = await browser.FollowAsync(await browser.GetAsync("/"));

        Assert.Equal("/profile", landed.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("bob", await landed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_the_POST_login_method_the_ticket_comes_back_in_a_form_post()
    {
        await using var portal = new ConfiguredPortal(_ => new() { ["Cas:LoginMethod"] = "Post" });
        using var browser = portal.NewBrowser();
        var casForm = await browser.FollowAsync(await browser.GetAsync("/login?next=/profile"));
        Assert.Contains("method=POST", browser.History[^1].Query);

        var continuePage = await browser.SubmitFormAsync(casForm, "form", new Dictionary<string, string> { ["username"] = "alice", ["password"] = "alice" });
        Assert.Equal(HttpStatusCode.OK, continuePage.StatusCode);
        var posted = await browser.SubmitFormAsync(continuePage, "form");

        Assert.Equal(HttpStatusCode.Found, posted.StatusCode);
        Assert.Equal("/profile", posted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/profile")).StatusCode);
    }

    [Fact]
    public async Task The_profile_calls_a_linked_service_with_a_proxy_ticket_and_shows_its_answer()
    {
        await using var portal = new ConfiguredPortal(baseUrl => new()
        {
            ["Cas:ProxyCallbackUrl"] = baseUrl + "/proxy-callback",
            ["Cas:AllowInsecureProxyCallback"] = "true",
            ["Portal:LinkedServices:0:Name"] = "Sample service",
            ["Portal:LinkedServices:0:Url"] = baseUrl + "/dev-cas/sample-service",
        });
        using var browser = portal.NewBrowser();

        var profile = await browser.SignInAsync("alice", "alice", "/profile");

        var html = await PortalBrowser.ParseAsync(profile);
        var answer = html.QuerySelector("[data-service='Sample service'] [data-testid=linked-answer]")?.TextContent;
        Assert.Equal($"Hello, alice! (validated proxy ticket via {portal.BaseUrl}/proxy-callback)", answer?.Trim());
        Assert.True(await portal.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.ProxyTicketIssued && e.Username == "alice")));
        Assert.Equal(1, await portal.QueryAsync(db => db.ProxyGrantingTickets.CountAsync(t => t.SessionIdHash != null)));
        Assert.DoesNotContain(portal.LogLines, line => line.Contains("PGT-", StringComparison.Ordinal) || line.Contains("PT-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_proxy_callback_a_linked_service_shows_a_clear_reason()
    {
        await using var portal = new ConfiguredPortal(baseUrl => new()
        {
            ["Portal:LinkedServices:0:Name"] = "Sample service",
            ["Portal:LinkedServices:0:Url"] = baseUrl + "/dev-cas/sample-service",
        });
        using var browser = portal.NewBrowser();

        var profile = await browser.SignInAsync("bob", "bob", "/profile");

        var problem = (await PortalBrowser.ParseAsync(profile)).QuerySelector("[data-testid=linked-problem]")?.TextContent;
        Assert.Contains("no proxy-granting ticket", problem);
        Assert.True(await portal.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.ProxyTicketRefused)));
    }

    [Theory]
    [InlineData(true, HttpStatusCode.Found)]
    [InlineData(false, HttpStatusCode.Unauthorized)]
    public async Task A_proxy_ticket_signs_in_only_through_an_allowed_proxy_chain(bool chainAllowed, HttpStatusCode expected)
    {
        await using var portal = new ConfiguredPortal(baseUrl => new()
        {
            ["Cas:ProxyCallbackUrl"] = baseUrl + "/proxy-callback",
            ["Cas:AllowInsecureProxyCallback"] = "true",
            ["Cas:AllowedProxyChains:0"] = chainAllowed ? baseUrl + "/proxy-callback" : "https://trusted.example.edu/callback",
        });
        using var proxy = portal.NewBrowser();
        await proxy.SignInAsync("alice", "alice");
        var pgt = await portal.QueryAsync(db => db.ProxyGrantingTickets.Select(t => t.Ticket).SingleAsync());
        var proxyAnswer = await (await proxy.GetAsync(
            $"/dev-cas/proxy?pgt={Uri.EscapeDataString(pgt)}&targetService={Uri.EscapeDataString(portal.BaseUrl + "/login")}")).Content.ReadAsStringAsync();
        var proxyTicket = System.Text.RegularExpressions.Regex.Match(proxyAnswer, "PT-[A-Za-z0-9.-]+").Value;
        using var caller = portal.NewBrowser();
        caller.Cookies.Add(new Uri(portal.BaseUrl), new Cookie("casportal.retry", "1", "/login"));

        var signIn = await caller.GetAsync("/login?ticket=" + proxyTicket);

        Assert.Equal(expected, signIn.StatusCode);
        if (!chainAllowed)
        {
            Assert.True(await portal.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Code == "PROXY_CHAIN_NOT_ALLOWED")));
        }
    }
}
