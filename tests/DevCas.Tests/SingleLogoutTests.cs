using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Microsoft.AspNetCore.WebUtilities;
using static CasPortal.DevCas.Tests.DevCasTestHost;

namespace CasPortal.DevCas.Tests;

public sealed class SingleLogoutTests
{
    private const string OtherService = "https://portal.example.edu/library/signin-cas?returnUrl=%2Fshelf";
    private static readonly XNamespace Protocol = "urn:oasis:names:tc:SAML:2.0:protocol";
    private static readonly XNamespace Assertion = "urn:oasis:names:tc:SAML:2.0:assertion";

    [Fact]
    public async Task Logout_posts_one_logoutRequest_to_each_service_with_its_ticket_as_SessionIndex()
    {
        await using var cas = await StartAsync();
        var (_, first, tgc) = await cas.SignInAsync();
        var second = await SingleSignOnAsync(cas, OtherService, tgc);
        cas.Time.Advance(TimeSpan.FromMinutes(5));

        using var logout = await cas.GetAsync($"/dev-cas/logout?service={Uri.EscapeDataString(Service)}", tgc);

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Contains("You are signed out of the development CAS server", await logout.Content.ReadAsStringAsync());
        var posts = cas.Outbound.Requests;
        Assert.Equal(2, posts.Count);
        Assert.All(posts, post =>
        {
            Assert.Equal(HttpMethod.Post, post.Method);
            Assert.Equal("application/x-www-form-urlencoded", post.ContentType);
        });
        var byService = posts.ToDictionary(post => post.Uri.OriginalString, post => LogoutRequestIn(post));
        Assert.Equal([OtherService, Service], byService.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(first, SessionIndex(byService[Service]));
        Assert.Equal(second, SessionIndex(byService[OtherService]));
        foreach (var request in byService.Values)
        {
            Assert.Equal(Protocol + "LogoutRequest", request.Name);
            Assert.Equal("2.0", request.Attribute("Version")?.Value);
            Assert.False(string.IsNullOrWhiteSpace(request.Attribute("ID")?.Value));
            var issueInstant = request.Attribute("IssueInstant")!.Value;
            Assert.EndsWith("Z", issueInstant);
            Assert.Equal(
                cas.Time.GetUtcNow().AddTicks(-(cas.Time.GetUtcNow().Ticks % TimeSpan.TicksPerSecond)),
                DateTimeOffset.Parse(issueInstant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
            Assert.Equal("@NOT_USED@", Assert.Single(request.Elements(Assertion + "NameID")).Value);
            Assert.Equal([Assertion + "NameID", Protocol + "SessionIndex"], request.Elements().Select(e => e.Name));
        }

        Assert.NotEqual(byService[Service].Attribute("ID")!.Value, byService[OtherService].Attribute("ID")!.Value);
    }

    [Fact]
    public async Task The_logoutRequest_has_the_shape_servers_send()
    {
        await using var cas = await StartAsync();
        var (_, ticket, tgc) = await cas.SignInAsync();

        (await cas.GetAsync("/dev-cas/logout", tgc)).Dispose();

        var xml = QueryHelpers.ParseQuery("?" + Assert.Single(cas.Outbound.Requests).Body)["logoutRequest"].ToString();
        Assert.Matches(
            "^<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"LR-[a-z0-9]+\" Version=\"2.0\" " +
            "IssueInstant=\"2026-11-27T10:15:02Z\"><saml:NameID xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">" +
            "@NOT_USED@</saml:NameID><samlp:SessionIndex>" + ticket + "</samlp:SessionIndex></samlp:LogoutRequest>$",
            xml);
    }

    [Fact]
    public async Task An_unreachable_service_does_not_block_the_logout_nor_the_other_services()
    {
        await using var cas = await StartAsync();
        const string down = "https://portal.example.edu/down/signin-cas";
        cas.Outbound.Responder = (request, _) => request.RequestUri!.AbsolutePath.StartsWith("/down/", StringComparison.Ordinal)
            ? throw new HttpRequestException("Connection refused")
            : Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        var (_, _, tgc) = await cas.SignInAsync(down);
        var ticket = await SingleSignOnAsync(cas, Service, tgc);

        using var logout = await cas.GetAsync("/dev-cas/logout", tgc);

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Contains("You are signed out of the development CAS server", await logout.Content.ReadAsStringAsync());
        Assert.Equal(2, cas.Outbound.Requests.Count);
        Assert.Equal(ticket, SessionIndex(LogoutRequestIn(Assert.Single(cas.Outbound.Requests, r => r.Uri.OriginalString == Service))));
    }

    [Fact]
    public async Task A_service_that_never_answers_holds_the_logout_for_five_seconds_at_most()
    {
        await using var cas = await StartAsync();
        const string hanging = "https://portal.example.edu/hanging/signin-cas";
        cas.Outbound.Responder = async (request, cancellationToken) =>
        {
            if (request.RequestUri!.AbsolutePath.StartsWith("/hanging/", StringComparison.Ordinal))
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return new HttpResponseMessage(HttpStatusCode.OK);
        };
        var (_, _, tgc) = await cas.SignInAsync(hanging);
        await SingleSignOnAsync(cas, Service, tgc);

        var logout = cas.GetAsync("/dev-cas/logout", tgc);
        await cas.Outbound.WhenReceived(2).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(logout.IsCompleted);
        cas.Time.Advance(TimeSpan.FromSeconds(5));

        // Well before the client's own (real-time) 5 s timeout: the total timeout ended the wait.
        using var response = await logout.WaitAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You are signed out of the development CAS server", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Services_answering_errors_do_not_matter()
    {
        await using var cas = await StartAsync();
        cas.Outbound.Responder = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError));
        var (_, _, tgc) = await cas.SignInAsync();

        using var logout = await cas.GetAsync("/dev-cas/logout", tgc);

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Single(cas.Outbound.Requests);
    }

    [Fact]
    public async Task Post_logout_works_like_get_logout()
    {
        await using var cas = await StartAsync();
        var (_, ticket, tgc) = await cas.SignInAsync();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["service"] = Service });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dev-cas/logout") { Content = content };
        request.Headers.Add("Cookie", $"DEVCAS_TGC={tgc}");

        using var logout = await cas.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Equal("no-store", logout.Headers.CacheControl?.ToString());
        Assert.True(TgcCookie(logout).Expires < DateTimeOffset.UtcNow);
        var html = await logout.Content.ReadAsStringAsync();
        Assert.Contains("You are signed out of the development CAS server", html);
        Assert.Contains($"<a href=\"{Service}\">", html);
        LoginTests.AssertNoInlineScriptOrStyle(html);
        Assert.Equal(ticket, SessionIndex(LogoutRequestIn(Assert.Single(cas.Outbound.Requests))));
        using var login = await cas.GetAsync($"/dev-cas/login?service={Uri.EscapeDataString(Service)}", tgc);
        Assert.Contains("<form", await login.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Nothing_is_posted_when_SendSingleLogout_is_off()
    {
        await using var cas = await StartAsync(moreSettingsJson: "\"SendSingleLogout\": false,");
        var (_, _, tgc) = await cas.SignInAsync();

        using var logout = await cas.GetAsync("/dev-cas/logout", tgc);

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Empty(cas.Outbound.Requests);
    }

    [Fact]
    public async Task Nothing_is_posted_without_a_session_nor_twice_for_one_session()
    {
        await using var cas = await StartAsync();
        (await cas.GetAsync("/dev-cas/logout")).Dispose();
        (await cas.GetAsync("/dev-cas/logout", "forged-cookie-value")).Dispose();
        Assert.Empty(cas.Outbound.Requests);

        var (_, _, tgc) = await cas.SignInAsync();
        (await cas.GetAsync("/dev-cas/logout", tgc)).Dispose();
        (await cas.GetAsync("/dev-cas/logout", tgc)).Dispose();

        Assert.Single(cas.Outbound.Requests);
    }

    [Fact]
    public async Task Only_the_services_of_the_ending_session_are_told()
    {
        await using var cas = await StartAsync();
        var (_, _, aliceTgc) = await cas.SignInAsync();
        var (_, bobTicket, bobTgc) = await cas.SignInAsync(OtherService, "bob");

        (await cas.GetAsync("/dev-cas/logout", bobTgc)).Dispose();

        var post = Assert.Single(cas.Outbound.Requests);
        Assert.Equal(OtherService, post.Uri.OriginalString);
        Assert.Equal(bobTicket, SessionIndex(LogoutRequestIn(post)));
        // Alice's session goes on.
        Assert.StartsWith("ST-", await SingleSignOnAsync(cas, Service, aliceTgc));
    }

    private static async Task<string> SingleSignOnAsync(DevCasTestHost cas, string service, string tgc)
    {
        using var response = await cas.GetAsync($"/dev-cas/login?service={Uri.EscapeDataString(service)}", tgc);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return TicketIn(LocationOf(response));
    }

    private static XElement LogoutRequestIn(RecordedRequest post)
    {
        var form = QueryHelpers.ParseQuery("?" + post.Body);
        Assert.Equal(["logoutRequest"], form.Keys);
        return XElement.Parse(form["logoutRequest"].ToString());
    }

    private static string SessionIndex(XElement logoutRequest) =>
        Assert.Single(logoutRequest.Elements(Protocol + "SessionIndex")).Value;
}
