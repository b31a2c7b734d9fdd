using System.Net;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using CasPortal.Web.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Web.FunctionalTests;

/// <summary>The user journey of the foundation issue, over real HTTP against the development CAS server.</summary>
public sealed class SignInJourneyTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Login_sends_the_browser_to_CAS_with_the_service_url_percent_encoded()
    {
        using var browser = portal.NewBrowser();

        var response = await browser.GetAsync("/login?next=/x");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var expectedService = Uri.EscapeDataString($"{portal.BaseUrl}/login?next=%2Fx&state=");
        Assert.StartsWith($"{portal.BaseUrl}/dev-cas/login?service={expectedService}", response.Headers.Location!.OriginalString);
        Assert.Matches("state%3D[A-Za-z0-9_-]{22}$", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_anonymous_visitor_to_the_profile_signs_in_and_lands_on_it_without_the_ticket_in_the_url()
    {
        using var browser = portal.NewBrowser();

        var profileFirst = await browser.GetAsync("/profile");
        Assert.Equal(HttpStatusCode.Found, profileFirst.StatusCode);
        Assert.Equal("/login?next=%2Fprofile", profileFirst.Headers.Location!.OriginalString);

        var page = await browser.SignInAsync("alice", "alice", start: "/profile");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("/profile", page.RequestMessage!.RequestUri!.PathAndQuery);
        var html = await PortalBrowser.ParseAsync(page);
        Assert.Equal("alice", html.QuerySelector("[data-testid=username]")!.TextContent);
        var attributes = html.QuerySelector("[data-testid=attributes]")!.TextContent;
        Assert.Contains("cn=portal-admins,ou=groups,dc=example,dc=edu", attributes);
        Assert.Contains("cn=staff,ou=groups,dc=example,dc=edu", attributes);
        Assert.Contains("Alice Liddell", attributes);
        Assert.Contains("Signed in as", html.QuerySelector("[data-testid=signed-in-user]")!.TextContent);
    }

    [Fact]
    public async Task Signing_in_writes_an_active_session_and_the_audit_trail_with_no_ticket_in_rows_or_logs()
    {
        using var browser = portal.NewBrowser();
        await browser.SignInAsync("bob", "bob", start: "/login?next=/profile");
        var ticket = Query(browser.TicketCallback(), "ticket");

        var session = await portal.QueryAsync(db => db.Sessions.AsNoTracking()
            .Where(s => s.Username == "bob").OrderByDescending(s => s.CreatedAt).FirstAsync());
        Assert.Null(session.EndedAt);
        Assert.Equal("127.0.0.1", session.ClientIp);
        Assert.Equal("CasPortalTests/1.0", session.UserAgent);
        Assert.Equal(Application.Common.Cas.TicketHash.Of(ticket), session.ServiceTicketHash);
        Assert.Equal(["cn=students,ou=groups,dc=example,dc=edu"], session.Attributes["memberOf"]);

        var events = await portal.QueryAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.SessionReference == session.Reference).ToListAsync());
        var succeeded = Assert.Single(events, e => e.Type == AuditEventType.LoginSucceeded);
        Assert.Equal("bob", succeeded.Username);
        Assert.DoesNotContain(ticket, succeeded.Detail);

        var allDetails = await portal.QueryAsync(db => db.AuditEvents.Select(e => e.Detail).ToListAsync());
        Assert.DoesNotContain(allDetails, d => d != null && d.Contains(ticket, StringComparison.Ordinal));
        Assert.DoesNotContain(portal.LogLines, line => line.Contains(ticket, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logout_is_a_post_that_ends_the_session_and_goes_through_CAS_to_the_signed_out_page()
    {
        using var browser = portal.NewBrowser();
        await browser.SignInAsync();
        var sessionCount = await ActiveSessionsAsync("alice");

        // The navbar's "Sign out" leads to the confirmation page, whose form posts back to /logout.
        var logout = await browser.SubmitFormAsync(await browser.GetAsync("/logout"), "main form");

        Assert.Equal(HttpStatusCode.Found, logout.StatusCode);
        var expectedCallback = Uri.EscapeDataString($"{portal.BaseUrl}/logout-callback");
        Assert.Equal($"{portal.BaseUrl}/dev-cas/logout?service={expectedCallback}", logout.Headers.Location!.OriginalString);
        Assert.Equal(sessionCount - 1, await ActiveSessionsAsync("alice"));
        var ended = await portal.QueryAsync(db => db.Sessions.AsNoTracking()
            .Where(s => s.Username == "alice" && s.EndReason == SessionEndReason.Logout).CountAsync());
        Assert.True(ended >= 1);

        var callback = await browser.GetAsync("/logout-callback");
        Assert.Contains("You are signed out", await callback.Content.ReadAsStringAsync());

        var profileAgain = await browser.GetAsync("/profile");
        Assert.Equal(HttpStatusCode.Found, profileAgain.StatusCode);
        Assert.Equal("/login?next=%2Fprofile", profileAgain.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_logout_post_without_the_antiforgery_token_is_refused_and_the_session_lives_on()
    {
        using var browser = portal.NewBrowser();
        await browser.SignInAsync();

        var forged = await browser.PostFormAsync("/logout", []);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/profile")).StatusCode);
    }

    [Fact]
    public async Task A_get_to_logout_only_asks_for_confirmation()
    {
        using var browser = portal.NewBrowser();
        await browser.SignInAsync();

        var confirm = await browser.GetAsync("/logout");

        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/profile")).StatusCode);
    }

    [Fact]
    public async Task The_profiles_sign_out_buttons_ask_first_and_only_the_confirmation_holds_a_form_that_posts()
    {
        using var other = portal.NewBrowser();
        await other.SignInAsync("bob", "bob");
        using var browser = portal.NewBrowser();
        var profile = await browser.SignInAsync("bob", "bob");

        var page = await PortalBrowser.ParseAsync(profile);
        Assert.Empty(page.QuerySelectorAll("main form[method=post]"));
        Assert.Null(page.QuerySelector("input[name=__RequestVerificationToken]"));
        var everywhere = await browser.SubmitFormAsync(profile, "[data-testid=sign-out-everywhere]");
        var there = await browser.SubmitFormAsync(profile, "[data-testid=my-sessions] form");
        var gone = await browser.FollowAsync(await browser.GetAsync("/profile?handler=ConfirmEndSession&session=NOSUCHREF"));

        Assert.NotNull((await PortalBrowser.ParseAsync(everywhere)).QuerySelector("[data-testid=confirm-form][method=post] input[name=__RequestVerificationToken]"));
        Assert.NotNull((await PortalBrowser.ParseAsync(there)).QuerySelector("[data-testid=confirm-form][method=post] input[name=__RequestVerificationToken]"));
        Assert.Equal("That session had already ended.", (await PortalBrowser.ParseAsync(gone)).QuerySelector("[data-testid=status]")?.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/profile")).StatusCode); // asking ended nothing
    }

    [Fact]
    public async Task A_status_message_shows_once_after_its_redirect_and_a_plain_profile_view_sets_no_cookie()
    {
        using var browser = portal.NewBrowser();
        await browser.SignInAsync();

        var plain = await browser.GetAsync("/profile");
        var gone = await browser.FollowAsync(await browser.GetAsync("/profile?handler=ConfirmEndSession&session=NOSUCHREF"));
        var again = await browser.GetAsync("/profile");

        Assert.False(plain.Headers.Contains("Set-Cookie"));
        Assert.Equal("That session had already ended.", (await PortalBrowser.ParseAsync(gone)).QuerySelector("[data-testid=status]")?.TextContent);
        Assert.Null((await PortalBrowser.ParseAsync(again)).QuerySelector("[data-testid=status]"));
    }

    [Fact]
    public async Task Signed_in_pages_link_to_the_sign_out_confirmation_which_alone_holds_the_sign_out_form()
    {
        using var browser = portal.NewBrowser();
        await browser.SignInAsync();

        // A page with no form of its own carries no antiforgery token: only the confirmation page needs one.
        var page = await PortalBrowser.ParseAsync(await browser.GetAsync("/logout-callback"));
        Assert.Equal("/logout", page.QuerySelector("header [data-testid=sign-out-link]")?.GetAttribute("href"));
        Assert.Null(page.QuerySelector("header form"));
        Assert.Null(page.QuerySelector("input[name=__RequestVerificationToken]"));

        var confirm = await browser.GetAsync("/logout");
        var signedOut = await browser.SubmitFormAsync(confirm, "main form");

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.StartsWith($"{portal.BaseUrl}/dev-cas/logout", signedOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/profile")).StatusCode);
    }

    [Fact]
    public async Task Signed_in_pages_are_never_stored_by_a_browser_or_proxy()
    {
        using var browser = portal.NewBrowser();
        await browser.SignInAsync();

        foreach (var url in new[] { "/profile", "/logout-callback" })
        {
            var page = await browser.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.True(page.Headers.CacheControl?.NoStore, url);
        }
    }

    [Fact]
    public async Task The_front_door_leads_to_sign_in_or_to_the_profile()
    {
        using var browser = portal.NewBrowser();
        Assert.Equal("/login", (await browser.GetAsync("/")).Headers.Location!.OriginalString);

        await browser.SignInAsync();

        Assert.Equal("/profile", (await browser.GetAsync("/")).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_new_sign_in_in_the_same_browser_gets_a_new_session_id_and_ends_the_old_session()
    {
        using var browser = portal.NewBrowser();
        await browser.SignInAsync("bob", "bob");
        var first = await LatestSessionAsync("bob");

        await browser.SignInAsync("bob", "bob");
        var second = await LatestSessionAsync("bob");

        Assert.NotEqual(first.IdHash, second.IdHash);
        var old = await portal.QueryAsync(db => db.Sessions.AsNoTracking().SingleAsync(s => s.IdHash == first.IdHash));
        Assert.Equal(SessionEndReason.Replaced, old.EndReason);
    }

    [Fact]
    public async Task Ending_the_session_row_signs_the_browser_out_on_its_very_next_request()
    {
        using var browser = portal.NewBrowser();
        await browser.SignInAsync("bob", "bob");
        var session = await LatestSessionAsync("bob");

        await portal.QueryAsync(async db =>
        {
            var row = await db.Sessions.SingleAsync(s => s.IdHash == session.IdHash);
            row.End(DateTime.UtcNow, SessionEndReason.AdminRevoked);
            return await db.SaveChangesAsync();
        });

        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/profile")).StatusCode);
    }

    [Fact]
    public async Task Pages_carry_the_security_headers_and_no_cookie_is_readable_by_scripts()
    {
        using var browser = portal.NewBrowser();
        await browser.SignInAsync();

        var profile = await browser.GetAsync("/profile");

        Assert.Equal("no-referrer", profile.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", profile.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("frame-ancestors 'none'", profile.Headers.GetValues("Content-Security-Policy").Single());
        Assert.All(browser.Cookies.GetAllCookies().Where(c => c.Name.StartsWith("casportal", StringComparison.Ordinal)),
            cookie => Assert.True(cookie.HttpOnly, cookie.Name));
    }

    [Fact]
    public async Task An_unknown_page_gets_a_plain_not_found_page()
    {
        using var browser = portal.NewBrowser();

        var response = await browser.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Page not found", page);
        Assert.Contains("Reference for support:", page);
    }

    private Task<int> ActiveSessionsAsync(string username) =>
        portal.QueryAsync(db => db.Sessions.CountAsync(s => s.Username == username && s.EndedAt == null));

    private Task<PortalSession> LatestSessionAsync(string username) =>
        portal.QueryAsync(db => db.Sessions.AsNoTracking()
            .Where(s => s.Username == username).OrderByDescending(s => s.CreatedAt).FirstAsync());

    internal static string Query(Uri url, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url.Query)[name].ToString();
}
