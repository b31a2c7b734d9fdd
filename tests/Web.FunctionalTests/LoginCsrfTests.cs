using System.Net;
using CasPortal.Domain.Audit;
using CasPortal.Web.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Web.FunctionalTests;

/// <summary>
/// Login CSRF: a ticket minted for the attacker's own account, sent to a victim's browser as a link, must not sign the
/// victim in as the attacker nor end the victim's session. Each sign-in is bound to the browser that started it.
/// </summary>
public sealed class LoginCsrfTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_ticket_minted_for_the_attacker_leaves_a_signed_in_victim_as_they_were()
    {
        using var victim = portal.NewBrowser();
        await victim.SignInAsync("alice", "alice");
        var victimSession = await ActiveSessionOfAsync("alice");
        var link = await MintAttackerLinkAsync();
        var attackerSessions = await ActiveSessionCountAsync("bob");

        foreach (var url in new[] { link, WithoutState(link) })
        {
            var opened = await victim.FollowAsync(await victim.GetAsync(url));

            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
            Assert.Equal("/profile", opened.RequestMessage!.RequestUri!.AbsolutePath);
            var html = await PortalBrowser.ParseAsync(opened);
            Assert.Equal("alice", html.QuerySelector("[data-testid=username]")!.TextContent);
        }

        Assert.Equal(victimSession, await ActiveSessionOfAsync("alice"));
        Assert.Equal(attackerSessions, await ActiveSessionCountAsync("bob"));
        Assert.True(await portal.QueryAsync(db => db.AuditEvents.AnyAsync(e =>
            e.Type == AuditEventType.LoginFailed && e.Code == "SIGN_IN_NOT_STARTED_HERE")));
    }

    [Fact]
    public async Task A_ticket_minted_for_the_attacker_sends_a_signed_out_victim_to_a_clean_sign_in_once_never_in_a_loop()
    {
        using var victim = portal.NewBrowser();
        var link = await MintAttackerLinkAsync();
        var attackerSessions = await ActiveSessionCountAsync("bob");

        var first = await victim.GetAsync(link);
        Assert.Equal(HttpStatusCode.Found, first.StatusCode);
        Assert.Equal("/login?next=%2Fprofile", first.Headers.Location!.OriginalString);
        var casForm = await victim.FollowAsync(first);
        Assert.Equal("/dev-cas/login", casForm.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Found, (await victim.GetAsync("/profile")).StatusCode);

        var second = await victim.GetAsync(link);

        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        var page = await second.Content.ReadAsStringAsync();
        Assert.Contains("not started in this browser", page);
        Assert.DoesNotContain(SignInJourneyTests.Query(new Uri(new Uri(portal.BaseUrl), link), "ticket"), page);
        Assert.Equal(HttpStatusCode.Found, (await victim.GetAsync("/profile")).StatusCode);
        Assert.Equal(attackerSessions, await ActiveSessionCountAsync("bob"));
    }

    [Fact]
    public async Task Several_tabs_of_one_browser_can_sign_in_at_once_in_any_order()
    {
        using var browser = portal.NewBrowser();
        var firstTab = await browser.FollowAsync(await browser.GetAsync("/login?next=/profile"));
        var secondTab = await browser.FollowAsync(await browser.GetAsync("/login?next=/profile?tab=2"));

        var secondDone = await browser.FollowAsync(await SubmitCredentialsAsync(browser, secondTab, "bob"));
        var firstDone = await browser.FollowAsync(await SubmitCredentialsAsync(browser, firstTab, "bob"));

        Assert.Equal("/profile?tab=2", secondDone.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, secondDone.StatusCode);
        Assert.Equal("/profile", firstDone.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, firstDone.StatusCode);
    }

    [Fact]
    public async Task A_browser_keeps_a_bounded_number_of_sign_ins_under_way_and_forgets_the_oldest()
    {
        using var browser = portal.NewBrowser();
        var oldest = await browser.StartSignInAsync("/login?next=/profile");
        for (var i = 0; i < 8; i++)
        {
            await browser.StartSignInAsync("/login?next=/profile");
        }

        var cookie = browser.Cookies.GetCookies(new Uri(portal.BaseUrl + "/login"))["casportal.signin"]!;
        Assert.Equal(8, cookie.Value.Split('.').Length);
        var ticket = await IssueTicketAsync(oldest);
        var answer = await browser.GetAsync(oldest.WithTicket(ticket));

        Assert.Equal(HttpStatusCode.Found, answer.StatusCode);
        Assert.Equal("/login?next=%2Fprofile", answer.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_state_cookie_is_http_only_same_site_lax_and_scoped_to_the_login_path()
    {
        using var browser = portal.NewBrowser();

        var toCas = await browser.GetAsync("/login");

        var setCookie = toCas.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("casportal.signin=", StringComparison.Ordinal));
        Assert.Contains("path=/login", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The attacker signs in with their own account and stops at the redirect that carries the ticket.</summary>
    private async Task<string> MintAttackerLinkAsync()
    {
        using var attacker = portal.NewBrowser();
        var casForm = await attacker.FollowAsync(await attacker.GetAsync("/login?next=/profile"));
        var toPortal = await SubmitCredentialsAsync(attacker, casForm, "bob");
        return PortalBrowser.Location(toPortal).PathAndQuery;
    }

    /// <summary>A ticket the development CAS server issues to another browser for <paramref name="service"/>.</summary>
    private async Task<string> IssueTicketAsync(Uri service)
    {
        using var other = portal.NewBrowser();
        var casForm = await other.GetAsync("/dev-cas/login?service=" + Uri.EscapeDataString(service.OriginalString));
        var toPortal = await SubmitCredentialsAsync(other, casForm, "bob");
        return SignInJourneyTests.Query(PortalBrowser.Location(toPortal), "ticket");
    }

    private static Task<HttpResponseMessage> SubmitCredentialsAsync(PortalBrowser browser, HttpResponseMessage casForm, string user) =>
        browser.SubmitFormAsync(casForm, "form", new Dictionary<string, string> { ["username"] = user, ["password"] = user });

    private static string WithoutState(string link) =>
        System.Text.RegularExpressions.Regex.Replace(link, "&state=[^&]*", string.Empty);

    private Task<int> ActiveSessionCountAsync(string username) => portal.QueryAsync(db =>
        db.Sessions.CountAsync(s => s.Username == username && s.EndedAt == null));

    private Task<string?> ActiveSessionOfAsync(string username) => portal.QueryAsync(db =>
        db.Sessions.Where(s => s.Username == username && s.EndedAt == null).Select(s => s.Reference).SingleOrDefaultAsync());
}

/// <summary>The same binding under the other ways of signing in: method=POST, gateway and renew.</summary>
public sealed class LoginCsrfProtocolTests
{
    private sealed class ConfiguredPortal(Dictionary<string, string?> settings) : PortalFactory
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => settings;
    }

    [Fact]
    public async Task With_the_POST_login_method_a_posted_ticket_minted_for_the_attacker_signs_nobody_in()
    {
        await using var portal = new ConfiguredPortal(new() { ["Cas:LoginMethod"] = "Post" });
        using var attacker = portal.NewBrowser();
        var casForm = await attacker.FollowAsync(await attacker.GetAsync("/login?next=/profile"));
        var continuePage = await attacker.SubmitFormAsync(casForm, "form", new Dictionary<string, string> { ["username"] = "bob", ["password"] = "bob" });
        Assert.Contains("state=", (await PortalBrowser.ParseAsync(continuePage)).QuerySelector("form")!.GetAttribute("action"));
        using var victim = portal.NewBrowser();

        // The attacker's auto-submitting page, opened by the victim, posts the ticket to the portal.
        var posted = await victim.SubmitFormAsync(continuePage, "form");

        Assert.Equal(HttpStatusCode.Found, posted.StatusCode);
        Assert.Equal("/login?next=%2Fprofile", posted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Found, (await victim.GetAsync("/profile")).StatusCode);
        Assert.Equal(0, await portal.QueryAsync(db => db.Sessions.CountAsync()));
        Assert.Equal(HttpStatusCode.OK, (await attacker.FollowAsync(await attacker.SubmitFormAsync(continuePage, "form"))).StatusCode);
    }

    [Fact]
    public async Task A_silent_gateway_sign_in_carries_its_state_and_signs_in()
    {
        await using var portal = new ConfiguredPortal(new() { ["Cas:Gateway"] = "true" });
        using var browser = portal.NewBrowser();
        await browser.SignInAsync("bob", "bob", "/dev-cas/login?service=" + Uri.EscapeDataString(portal.BaseUrl + "/logout-callback"));

        var landed = await browser.FollowAsync(await browser.GetAsync("/"));

        Assert.Equal("/profile", landed.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains(browser.History, url => url.AbsolutePath == "/login"
            && url.Query.Contains("gateway=1&state=", StringComparison.Ordinal) && url.Query.Contains("ticket=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_renew_a_sign_in_carries_its_state_and_signs_in()
    {
        await using var portal = new ConfiguredPortal(new() { ["Cas:Renew"] = "true" });
        using var browser = portal.NewBrowser();

        var profile = await browser.SignInAsync("bob", "bob", "/profile");

        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Contains(browser.History, url => url.AbsolutePath == "/login" && url.Query.Contains("&state=", StringComparison.Ordinal)
            && url.Query.Contains("ticket=", StringComparison.Ordinal));
    }
}
