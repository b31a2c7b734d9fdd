using System.IO.Compression;
using System.Net;
using System.Text;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using CasPortal.Web.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Web.FunctionalTests;

/// <summary>The CAS server ends portal sessions: back channel (server to server) and front channel (through the browser).</summary>
public sealed class SingleLogoutTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    public static string LogoutRequestXml(string ticket) => CasMessages.LogoutRequestXml(ticket);

    [Fact]
    public async Task A_back_channel_logout_request_as_a_form_field_signs_the_user_out_on_the_next_request()
    {
        var (browser, ticket) = await SignedInAsync();
        using var casServer = portal.NewBrowser();

        var answer = await casServer.PostFormAsync("/login?next=%2Fprofile", [KeyValuePair.Create("logoutRequest", LogoutRequestXml(ticket))]);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/profile")).StatusCode);
        var session = await SessionOfAsync(ticket);
        Assert.Equal(SessionEndReason.SingleLogout, session.EndReason);
        Assert.True(await portal.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.SingleLogout && e.SessionReference == session.Reference)));
    }

    [Fact]
    public async Task Logging_out_at_the_CAS_server_ends_the_portal_session_through_the_real_back_channel()
    {
        var (browser, ticket) = await SignedInAsync();
        using var otherBrowser = portal.NewBrowser();
        await otherBrowser.SignInAsync("bob", "bob");

        var casLogout = await browser.GetAsync("/dev-cas/logout");

        Assert.Equal(HttpStatusCode.OK, casLogout.StatusCode);
        Assert.Equal(SessionEndReason.SingleLogout, (await SessionOfAsync(ticket)).EndReason);
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/profile")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await otherBrowser.GetAsync("/profile")).StatusCode);
    }

    [Fact]
    public async Task A_back_channel_logout_request_as_the_raw_body_works_too()
    {
        var (browser, ticket) = await SignedInAsync();
        using var casServer = portal.NewBrowser();

        var answer = await casServer.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new StringContent(LogoutRequestXml(ticket), Encoding.UTF8, "application/xml"),
        });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/profile")).StatusCode);
    }

    [Fact]
    public async Task A_front_channel_logout_request_answers_JSONP_and_ends_the_session()
    {
        var (browser, ticket) = await SignedInAsync();
        using var otherBrowser = portal.NewBrowser();

        var answer = await otherBrowser.GetAsync($"/login?logoutRequest={Uri.EscapeDataString(Deflated(LogoutRequestXml(ticket)))}&callback=jQuery123_456");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("application/javascript", answer.Content.Headers.ContentType!.MediaType);
        Assert.Equal("jQuery123_456({\"status\":\"ok\"});", await answer.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/profile")).StatusCode);
    }

    [Fact]
    public async Task The_older_SAMLRequest_front_channel_form_ends_the_session()
    {
        var (browser, ticket) = await SignedInAsync();
        using var otherBrowser = portal.NewBrowser();

        var answer = await otherBrowser.GetAsync($"/login?SAMLRequest={Uri.EscapeDataString(Deflated(LogoutRequestXml(ticket)))}&RelayState=abc");

        Assert.Equal(HttpStatusCode.Found, answer.StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/profile")).StatusCode);
    }

    public static TheoryData<string, string, HttpStatusCode> ForgedRequests() => new()
    {
        { "unknown ticket", "form:" + LogoutRequestXml("ST-999-never-issued"), HttpStatusCode.OK },
        { "malformed XML", "form:<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><samlp:SessionIndex>", HttpStatusCode.BadRequest },
        { "XXE", "raw:<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><samlp:SessionIndex>&x;</samlp:SessionIndex></samlp:LogoutRequest>", HttpStatusCode.BadRequest },
        { "entity expansion", "raw:<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><samlp:SessionIndex>ST-&b;</samlp:SessionIndex></samlp:LogoutRequest>", HttpStatusCode.BadRequest },
        { "oversized", "raw:" + new string('x', 40_000), HttpStatusCode.RequestEntityTooLarge },
        { "oversized without a length", "chunked:" + new string('x', 40_000), HttpStatusCode.RequestEntityTooLarge },
        { "empty form", "form:", HttpStatusCode.BadRequest },
        { "GET with a raw request", "get:" + LogoutRequestXml("ST-1"), HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(ForgedRequests))]
    public async Task A_forged_logout_request_changes_nothing(string what, string request, HttpStatusCode expected)
    {
        var (browser, ticket) = await SignedInAsync();
        using var attacker = portal.NewBrowser();
        var kind = request[..request.IndexOf(':')];
        var body = request[(kind.Length + 1)..];

        var answer = kind switch
        {
            "form" => await attacker.PostFormAsync("/login", [KeyValuePair.Create("logoutRequest", body)]),
            "raw" => await attacker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/login") { Content = new StringContent(body, Encoding.UTF8, "text/xml") }),
            "chunked" => await attacker.SendAsync(Chunked(body)),
            _ => await attacker.GetAsync("/login?logoutRequest=" + Uri.EscapeDataString(body)),
        };

        Assert.True(expected == answer.StatusCode, what);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/profile")).StatusCode);
        Assert.Null((await SessionOfAsync(ticket)).EndedAt);
    }

    /// <summary>A raw post whose size the server learns only by reading it.</summary>
    private static HttpRequestMessage Chunked(string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = new StringContent(body, Encoding.UTF8, "text/xml") };
        request.Headers.TransferEncodingChunked = true;
        return request;
    }

    private async Task<(PortalBrowser Browser, string Ticket)> SignedInAsync()
    {
        var browser = portal.NewBrowser();
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync("bob", "bob")).StatusCode);
        return (browser, SignInJourneyTests.Query(browser.TicketCallback(), "ticket"));
    }

    private Task<PortalSession> SessionOfAsync(string ticket)
    {
        var hash = Application.Common.Cas.TicketHash.Of(ticket);
        return portal.QueryAsync(db => db.Sessions.AsNoTracking().SingleAsync(s => s.ServiceTicketHash == hash));
    }

    public static string Deflated(string xml)
    {
        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(Encoding.UTF8.GetBytes(xml));
        }

        return Convert.ToBase64String(buffer.ToArray());
    }
}

/// <summary>With Cas:SingleLogout:AllowedSources set, a request from any other address is refused and audited.</summary>
public sealed class SingleLogoutSourceTests(SingleLogoutSourceTests.RestrictedPortal portal) : IClassFixture<SingleLogoutSourceTests.RestrictedPortal>
{
    public sealed class RestrictedPortal : PortalFactory
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Cas:SingleLogout:AllowedSources:0"] = "192.0.2.0/24",
        };
    }

    [Fact]
    public async Task A_logout_request_from_an_address_not_listed_is_refused_and_audited()
    {
        using var browser = portal.NewBrowser();
        await browser.SignInAsync("bob", "bob");
        var ticket = SignInJourneyTests.Query(browser.TicketCallback(), "ticket");
        using var stranger = portal.NewBrowser();

        var answer = await stranger.PostFormAsync("/login", [KeyValuePair.Create("logoutRequest", SingleLogoutTests.LogoutRequestXml(ticket))]);

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/profile")).StatusCode);
        Assert.True(await portal.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.SingleLogoutRefused && e.ClientIp == "127.0.0.1")));
    }
}

/// <summary>Cas:SingleLogout:FrontChannel off: only the CAS server's own back-channel posts end sessions.</summary>
public sealed class SingleLogoutFrontChannelOffTests(SingleLogoutFrontChannelOffTests.BackChannelOnlyPortal portal)
    : IClassFixture<SingleLogoutFrontChannelOffTests.BackChannelOnlyPortal>
{
    public sealed class BackChannelOnlyPortal : PortalFactory
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Cas:SingleLogout:FrontChannel"] = "false",
        };
    }

    [Fact]
    public async Task A_front_channel_request_through_a_browser_is_refused_and_the_session_stays_while_the_back_channel_still_ends_it()
    {
        using var browser = portal.NewBrowser();
        await browser.SignInAsync("bob", "bob");
        var ticket = SignInJourneyTests.Query(browser.TicketCallback(), "ticket");
        using var stranger = portal.NewBrowser();

        var front = await stranger.GetAsync($"/login?logoutRequest={Uri.EscapeDataString(SingleLogoutTests.Deflated(SingleLogoutTests.LogoutRequestXml(ticket)))}");

        Assert.Equal(HttpStatusCode.Forbidden, front.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/profile")).StatusCode);
        Assert.True(await portal.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.SingleLogoutRefused && e.Code == "FRONT_CHANNEL_DISABLED")));

        var back = await stranger.PostFormAsync("/login", [KeyValuePair.Create("logoutRequest", SingleLogoutTests.LogoutRequestXml(ticket))]);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/profile")).StatusCode);
    }
}
