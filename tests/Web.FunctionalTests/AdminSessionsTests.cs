using System.Net;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using CasPortal.Web.Authentication;
using CasPortal.Web.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CasPortal.Web.FunctionalTests;

/// <summary>Administrators end other people's sessions; users end their own other sessions.</summary>
public sealed class AdminSessionsTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_non_administrator_gets_403_and_the_attempt_is_audited()
    {
        using var bob = portal.NewBrowser();
        await bob.SignInAsync("bob", "bob");

        var response = await bob.GetAsync("/admin/sessions");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Access denied", await response.Content.ReadAsStringAsync());
        Assert.True(await portal.QueryAsync(db => db.AuditEvents.AnyAsync(
            e => e.Type == AuditEventType.AccessDenied && e.Username == "bob" && e.Detail!.Contains("/admin/sessions"))));
        Assert.DoesNotContain("admin-sessions-link", await (await bob.GetAsync("/profile")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in()
    {
        using var anonymous = portal.NewBrowser();

        var response = await anonymous.GetAsync("/admin/sessions");

        Assert.Equal("/login?next=%2Fadmin%2Fsessions", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_administrator_revokes_one_of_two_sessions_of_a_user_and_only_that_browser_is_signed_out()
    {
        using var bobLaptop = portal.NewBrowser();
        using var bobPhone = portal.NewBrowser();
        await bobLaptop.SignInAsync("bob", "bob");
        var laptopSession = await LatestSessionReferenceAsync("bob");
        await bobPhone.SignInAsync("bob", "bob");
        using var alice = portal.NewBrowser();
        await alice.SignInAsync("alice", "alice");

        var list = await alice.GetAsync("/admin/sessions?user=bob");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var html = await PortalBrowser.ParseAsync(list);
        Assert.All(html.QuerySelectorAll("[data-testid=sessions] tbody tr"), row => Assert.Equal("bob", row.GetAttribute("data-session-user")));

        var revoke = await alice.ConfirmAsync(await alice.SubmitFormAsync(list, $"form:has(input[name=session][value='{laptopSession}'])"));
        Assert.Equal(HttpStatusCode.Found, revoke.StatusCode);
        var after = await alice.FollowAsync(revoke);
        Assert.Contains("Ended bob&#x27;s session", await after.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Found, (await bobLaptop.GetAsync("/profile")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bobPhone.GetAsync("/profile")).StatusCode);
        var audit = await portal.QueryAsync(db => db.AuditEvents.AsNoTracking()
            .SingleAsync(e => e.Type == AuditEventType.SessionRevoked && e.SessionReference == laptopSession));
        Assert.Contains("by alice", audit.Detail);
    }

    [Fact]
    public async Task Revoking_a_user_signs_out_every_browser_of_that_user()
    {
        using var carolA = portal.NewBrowser();
        using var carolB = portal.NewBrowser();
        // bob stands in for any second user; the form revokes by username.
        await carolA.SignInAsync("bob", "bob");
        await carolB.SignInAsync("bob", "bob");
        using var alice = portal.NewBrowser();
        await alice.SignInAsync("alice", "alice");
        var list = await alice.GetAsync("/admin/sessions?user=bob");

        var revoke = await alice.ConfirmAsync(await alice.SubmitFormAsync(list, "form:has(input[name=username][value='bob'])"));

        Assert.Equal(HttpStatusCode.Found, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await carolA.GetAsync("/profile")).StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await carolB.GetAsync("/profile")).StatusCode);
        Assert.Equal(0, await portal.QueryAsync(db => db.Sessions.CountAsync(s => s.Username == "bob" && s.EndedAt == null)));
    }

    [Fact]
    public async Task A_revocation_without_the_antiforgery_token_is_refused()
    {
        using var bob = portal.NewBrowser();
        await bob.SignInAsync("bob", "bob");
        var bobSession = await LatestSessionReferenceAsync("bob");
        using var alice = portal.NewBrowser();
        await alice.SignInAsync("alice", "alice");

        var forged = await alice.PostFormAsync("/admin/sessions?handler=RevokeSession", [KeyValuePair.Create("session", bobSession)]);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/profile")).StatusCode);
    }

    [Fact]
    public async Task A_revocation_racing_a_burst_of_requests_still_holds_on_the_next_request()
    {
        using var bob = portal.NewBrowser();
        await bob.SignInAsync("bob", "bob");
        var bobSession = await LatestSessionReferenceAsync("bob");
        using var alice = portal.NewBrowser();
        await alice.SignInAsync("alice", "alice");
        var list = await alice.GetAsync("/admin/sessions?user=bob");

        var inFlight = Enumerable.Range(0, 20).Select(_ => bob.GetAsync("/profile")).ToList();
        var revoke = await alice.ConfirmAsync(await alice.SubmitFormAsync(list, $"form:has(input[name=session][value='{bobSession}'])"));
        await Task.WhenAll(inFlight);

        Assert.Equal(HttpStatusCode.Found, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await bob.GetAsync("/profile")).StatusCode);
        var row = await portal.QueryAsync(db => db.Sessions.AsNoTracking().SingleAsync(s => s.Reference == bobSession));
        Assert.Equal(SessionEndReason.AdminRevoked, row.EndReason);
    }

    [Fact]
    public async Task A_bad_paging_value_gets_a_clear_400_page()
    {
        using var alice = portal.NewBrowser();
        await alice.SignInAsync("alice", "alice");

        var response = await alice.GetAsync("/admin/sessions?pageSize=100000");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("A page holds 1 to 200 sessions.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_user_sees_their_sessions_and_signs_out_another_browser_from_the_profile()
    {
        using var here = portal.NewBrowser();
        using var there = portal.NewBrowser();
        await there.SignInAsync("bob", "bob");
        var thereSession = await LatestSessionReferenceAsync("bob");
        var profile = await here.SignInAsync("bob", "bob");
        var html = await PortalBrowser.ParseAsync(profile);
        Assert.NotNull(html.QuerySelector("[data-testid=this-session]"));

        var end = await here.ConfirmAsync(await here.SubmitFormAsync(profile, $"form:has(input[name=session][value='{thereSession}'])"));

        Assert.Equal(HttpStatusCode.Found, end.StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await there.GetAsync("/profile")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/profile")).StatusCode);
    }

    [Fact]
    public async Task The_cookie_carries_the_session_id_and_no_page_export_row_or_log_line_holds_it()
    {
        using var bob = portal.NewBrowser();
        await bob.SignInAsync("bob", "bob");
        var id = portal.SessionIdInCookie(bob);
        using var alice = portal.NewBrowser();
        await alice.SignInAsync("alice", "alice");

        var row = await portal.QueryAsync(db => db.Sessions.AsNoTracking().SingleAsync(s => s.IdHash == PortalSession.HashOfId(id)));
        var sessions = await (await alice.GetAsync("/admin/sessions?user=bob")).Content.ReadAsStringAsync();
        var csv = await (await alice.GetAsync("/admin/audit?handler=Export&format=csv&user=bob")).Content.ReadAsStringAsync();
        string[] seen =
        [
            sessions,
            csv,
            await (await alice.GetAsync("/admin/audit?handler=Export&format=jsonl&user=bob")).Content.ReadAsStringAsync(),
            await (await alice.GetAsync("/admin/audit?user=bob")).Content.ReadAsStringAsync(),
            await (await bob.GetAsync("/profile")).Content.ReadAsStringAsync(),
            .. portal.LogLines,
        ];

        Assert.All(seen, text => Assert.DoesNotContain(id, text, StringComparison.Ordinal));
        Assert.Contains($"<input type=\"hidden\" name=\"session\" value=\"{row.Reference}\" />", sessions);
        Assert.Contains($",bob,{row.Reference},", csv);
        Assert.NotEqual(id, row.IdHash);
        Assert.False(await portal.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.SessionReference == id || e.Detail!.Contains(id))));
    }

    private Task<string> LatestSessionReferenceAsync(string username) =>
        portal.QueryAsync(db => db.Sessions.AsNoTracking()
            .Where(s => s.Username == username).OrderByDescending(s => s.CreatedAt).Select(s => s.Reference).FirstAsync());
}
