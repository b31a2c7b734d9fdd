using System.Net;
using CasPortal.Application.Sessions;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using CasPortal.Web.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Web.FunctionalTests;

/// <summary>
/// A revoked session stays ended: the browser, which still holds a live single sign-on session at the development CAS
/// server, is sent to the password form instead of being signed straight back in.
/// </summary>
public sealed class ReauthenticationTests(ReauthenticationTests.Portal portal) : IClassFixture<ReauthenticationTests.Portal>
{
    /// <summary>The portal with one development CAS user per test, so each test reads exactly its own audit events.</summary>
    public sealed class Portal : PortalFactory
    {
        public static readonly string[] Users = ["rv-one", "rv-all", "rv-there", "rv-everywhere", "rv-lift", "rv-nopass", "rv-bad"];

        protected override IReadOnlyDictionary<string, string?> ExtraSettings => Users
            .SelectMany((user, index) => new[]
            {
                KeyValuePair.Create($"DevCas:Users:{index + 2}:Username", (string?)user),
                KeyValuePair.Create($"DevCas:Users:{index + 2}:Password", (string?)user),
            })
            .ToDictionary();
    }

    private static readonly AuditEventType[] FourNewEvents =
    [
        AuditEventType.ReauthenticationRequired, AuditEventType.SignInRestartedForReauthentication,
        AuditEventType.ReauthenticatedWithCredentials, AuditEventType.ReauthenticationLifted,
    ];

    [Fact]
    public async Task An_administrator_revokes_one_session_and_that_browser_must_type_the_password_while_the_others_stay()
    {
        using var laptop = portal.NewBrowser();
        using var phone = portal.NewBrowser();
        await laptop.SignInAsync("rv-one", "rv-one");
        var laptopSession = await LatestSessionIdAsync("rv-one");
        await phone.SignInAsync("rv-one", "rv-one");
        using var alice = await AdministratorAsync();

        var confirmation = await alice.SubmitFormAsync(
            await alice.GetAsync("/admin/sessions?user=rv-one"), $"form:has(input[name=session][value='{laptopSession}'])");
        var html = await confirmation.Content.ReadAsStringAsync();
        Assert.Contains("Revoke this session of rv-one?", html);
        Assert.Contains("CasPortalTests/1.0", html);
        Assert.DoesNotContain("own-session-warning", html);
        var done = await alice.FollowAsync(await alice.ConfirmAsync(confirmation));
        Assert.Contains("That browser must type a password at its next sign-in", await done.Content.ReadAsStringAsync());

        var landed = await laptop.FollowAsync(await laptop.GetAsync("/profile"));

        await AssertPasswordFormAsync(landed);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/profile")).StatusCode);
        var profile = await TypePasswordAsync(laptop, landed, "rv-one");
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal("/profile", profile.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(FourNewEvents, await NewEventsOfAsync("rv-one"));
        Assert.Equal(0, await portal.QueryAsync(db => db.ReauthenticationRequirements.CountAsync(r => r.Username == "rv-one")));
    }

    [Fact]
    public async Task An_administrator_revokes_every_session_and_the_single_sign_on_ticket_is_refused_once_then_the_password_is_asked()
    {
        using var laptop = portal.NewBrowser();
        await laptop.SignInAsync("rv-all", "rv-all");
        using var alice = await AdministratorAsync();

        var confirmation = await alice.SubmitFormAsync(
            await alice.GetAsync("/admin/sessions?user=rv-all"), "form:has(input[name=username][value='rv-all'])");
        Assert.Contains("Revoke every session of rv-all?", await confirmation.Content.ReadAsStringAsync());
        var done = await alice.FollowAsync(await alice.ConfirmAsync(confirmation));
        var page = await done.Content.ReadAsStringAsync();
        Assert.Contains("Ended 1 session of rv-all. rv-all must type the password at the next sign-in, in every browser", page);
        Assert.Contains("data-requirement-user=\"rv-all\"", page);

        var landed = await laptop.FollowAsync(await laptop.GetAsync("/profile"));

        await AssertPasswordFormAsync(landed);
        // The portal learnt who it was only from the validation: one restart, with renew, and no more.
        Assert.Single(laptop.History, url => url.PathAndQuery == "/login?next=%2Fprofile&renew=1");
        var profile = await TypePasswordAsync(laptop, landed, "rv-all");
        Assert.Equal("/profile", profile.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(FourNewEvents, await NewEventsOfAsync("rv-all"));
        var restart = await portal.QueryAsync(db => db.AuditEvents.AsNoTracking()
            .SingleAsync(e => e.Username == "rv-all" && e.Type == AuditEventType.SignInRestartedForReauthentication));
        Assert.Equal(Reauthentication.RestartCode, restart.Code);
        Assert.Contains("set by alice", restart.Detail);
    }

    [Fact]
    public async Task Sign_out_there_makes_that_browser_type_the_password()
    {
        using var here = portal.NewBrowser();
        using var there = portal.NewBrowser();
        await there.SignInAsync("rv-there", "rv-there");
        var thereSession = await LatestSessionIdAsync("rv-there");
        var profile = await here.SignInAsync("rv-there", "rv-there");

        var confirmation = await here.SubmitFormAsync(profile, $"form:has(input[name=session][value='{thereSession}'])");
        Assert.Contains("To sign in there again, that browser must type your password", await confirmation.Content.ReadAsStringAsync());
        var done = await here.FollowAsync(await here.ConfirmAsync(confirmation));
        Assert.Contains("must type your password", await done.Content.ReadAsStringAsync());

        var landed = await there.FollowAsync(await there.GetAsync("/profile"));

        await AssertPasswordFormAsync(landed);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/profile")).StatusCode);
        Assert.Equal("/profile", (await TypePasswordAsync(there, landed, "rv-there")).RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(FourNewEvents, await NewEventsOfAsync("rv-there"));
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_every_session_signs_this_browser_out_at_CAS_and_requires_the_password()
    {
        using var here = portal.NewBrowser();
        using var there = portal.NewBrowser();
        await there.SignInAsync("rv-everywhere", "rv-everywhere");
        var profile = await here.SignInAsync("rv-everywhere", "rv-everywhere");

        var confirmation = await here.SubmitFormAsync(profile, "[data-testid=sign-out-everywhere]");
        Assert.Contains("Your next sign-in, in any browser, must type your password.", await confirmation.Content.ReadAsStringAsync());
        var signOut = await here.ConfirmAsync(confirmation);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.StartsWith($"{portal.BaseUrl}/dev-cas/logout?service=", PortalBrowser.Location(signOut).ToString());
        await here.FollowAsync(signOut);
        Assert.Equal(0, await portal.QueryAsync(db => db.Sessions.CountAsync(s => s.Username == "rv-everywhere" && s.EndedAt == null)));
        // This browser's single sign-on ended too: the plain login form, no renew needed.
        await AssertPasswordFormAsync(await here.FollowAsync(await here.GetAsync("/profile")), renew: false);

        var landed = await there.FollowAsync(await there.GetAsync("/profile"));

        await AssertPasswordFormAsync(landed);
        Assert.Equal("/profile", (await TypePasswordAsync(there, landed, "rv-everywhere")).RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(FourNewEvents, await NewEventsOfAsync("rv-everywhere"));
    }

    [Fact]
    public async Task Without_the_password_box_single_sign_on_signs_the_browser_straight_back_in_as_the_message_says()
    {
        using var laptop = portal.NewBrowser();
        await laptop.SignInAsync("rv-nopass", "rv-nopass");
        using var alice = await AdministratorAsync();
        var confirmation = await alice.SubmitFormAsync(
            await alice.GetAsync("/admin/sessions?user=rv-nopass"), "form:has(input[name=username][value='rv-nopass'])");

        var done = await alice.FollowAsync(await alice.SubmitFormAsync(
            confirmation, "[data-testid=confirm-form]", new Dictionary<string, string> { ["requirePassword"] = "false" }));

        Assert.Contains("No password is required", await done.Content.ReadAsStringAsync());
        var landed = await laptop.FollowAsync(await laptop.GetAsync("/profile"));
        Assert.Equal("/profile", landed.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Empty(await NewEventsOfAsync("rv-nopass"));
    }

    [Fact]
    public async Task An_administrator_lifts_a_requirement_and_single_sign_on_works_again()
    {
        using var laptop = portal.NewBrowser();
        await laptop.SignInAsync("rv-lift", "rv-lift");
        using var alice = await AdministratorAsync();
        await alice.ConfirmAsync(await alice.SubmitFormAsync(
            await alice.GetAsync("/admin/sessions?user=rv-lift"), "form:has(input[name=username][value='rv-lift'])"));

        var confirmation = await alice.SubmitFormAsync(await alice.GetAsync("/admin/sessions"), "[data-requirement-user='rv-lift'] form");
        var asked = (await PortalBrowser.ParseAsync(confirmation)).QuerySelector("[data-testid=confirm-lift]");
        Assert.Equal("Lift the password requirement of rv-lift?", asked?.QuerySelector("h2")!.TextContent.Trim());
        Assert.Contains("every browser", asked!.QuerySelector("[data-testid=confirm-requirements]")!.TextContent);
        Assert.True(await portal.QueryAsync(db => db.ReauthenticationRequirements.AnyAsync(r => r.Username == "rv-lift")));

        var lift = await alice.ConfirmAsync(confirmation);

        Assert.Equal(HttpStatusCode.Found, lift.StatusCode);
        Assert.Contains("Lifted: rv-lift no longer has to type the password", await (await alice.FollowAsync(lift)).Content.ReadAsStringAsync());
        Assert.Equal("/profile", (await laptop.FollowAsync(await laptop.GetAsync("/profile"))).RequestMessage!.RequestUri!.AbsolutePath);
        var lifted = await portal.QueryAsync(db => db.AuditEvents.AsNoTracking()
            .SingleAsync(e => e.Username == "rv-lift" && e.Type == AuditEventType.ReauthenticationLifted));
        Assert.Equal(Reauthentication.LiftedByAdministratorCode, lifted.Code);
        Assert.StartsWith("Lifted by alice", lifted.Detail);
    }

    [Fact]
    public async Task The_confirmation_warns_an_administrator_revoking_their_own_session()
    {
        using var alice = await AdministratorAsync();
        var own = await LatestSessionIdAsync("alice");

        var confirmation = await alice.SubmitFormAsync(
            await alice.GetAsync("/admin/sessions?user=alice"), $"form:has(input[name=session][value='{own}'])");

        var warning = (await PortalBrowser.ParseAsync(confirmation)).QuerySelector("[data-testid=own-session-warning]");
        Assert.Equal("This is your own session, in this browser: you will be signed out at once.", warning?.TextContent.Trim());
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/admin/sessions")).StatusCode);
    }

    [Theory]
    [InlineData("RevokeUser", "nobody-here", "No user named &quot;nobody-here&quot; has ever signed in to this portal. Nothing was changed.", "UNKNOWN_USER")]
    [InlineData("Lift", "nobody-here", "nobody-here has no password requirement to lift. Nothing was changed.", "UNKNOWN_USER")]
    [InlineData("Lift", "rv-bad", "rv-bad has no password requirement to lift. Nothing was changed.", "NO_REQUIREMENT")]
    public async Task Setting_or_lifting_a_requirement_for_a_user_who_does_not_exist_gets_a_clear_400_and_an_audit_record(
        string handler, string username, string message, string code)
    {
        using var bad = portal.NewBrowser();
        await bad.SignInAsync("rv-bad", "rv-bad");
        using var alice = await AdministratorAsync();
        var requirementsBefore = await portal.QueryAsync(db => db.ReauthenticationRequirements.CountAsync());

        var refused = await PostWithTokenAsync(alice, await alice.GetAsync("/admin/sessions"), $"/admin/sessions?handler={handler}", new()
        {
            ["username"] = username,
            ["confirmed"] = "true",
            ["requirePassword"] = "true",
        });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(message, await refused.Content.ReadAsStringAsync());
        Assert.Equal(requirementsBefore, await portal.QueryAsync(db => db.ReauthenticationRequirements.CountAsync()));
        Assert.True(await portal.QueryAsync(db => db.AuditEvents.AnyAsync(
            e => e.Type == AuditEventType.RequestRejected && e.Username == username && e.Code == code)));
        Assert.Equal(HttpStatusCode.OK, (await bad.GetAsync("/profile")).StatusCode);
    }

    [Fact]
    public async Task A_forged_form_a_missing_antiforgery_token_or_a_non_administrator_changes_nothing_and_is_audited()
    {
        using var bad = portal.NewBrowser();
        await bad.SignInAsync("rv-bad", "rv-bad");
        using var alice = await AdministratorAsync();
        var requirementsBefore = await portal.QueryAsync(db => db.ReauthenticationRequirements.CountAsync());
        var auditBefore = await portal.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Type == AuditEventType.RequestRejected || e.Type == AuditEventType.AccessDenied));

        // A username no form would send: the validator refuses it before anything is read.
        var forged = await PostWithTokenAsync(alice, await alice.GetAsync("/admin/sessions"), "/admin/sessions?handler=Lift",
            new() { ["username"] = new string('x', 300), ["confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("That username is too long.", await forged.Content.ReadAsStringAsync());

        // No antiforgery token: refused before the page runs.
        var noToken = await alice.PostFormAsync("/admin/sessions?handler=RevokeUser",
            [KeyValuePair.Create("username", "rv-bad"), KeyValuePair.Create("confirmed", "true"), KeyValuePair.Create("requirePassword", "true")]);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Contains("Bad request", await noToken.Content.ReadAsStringAsync());

        // A non-administrator with a valid token of his own, from his sign-out confirmation.
        var notAdmin = await PostWithTokenAsync(bad, await bad.GetAsync("/logout"), "/admin/sessions?handler=RevokeUser",
            new() { ["username"] = "alice", ["confirmed"] = "true", ["requirePassword"] = "true" });
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        Assert.Contains("Access denied", await notAdmin.Content.ReadAsStringAsync());

        Assert.Equal(requirementsBefore, await portal.QueryAsync(db => db.ReauthenticationRequirements.CountAsync()));
        Assert.Equal(HttpStatusCode.OK, (await bad.GetAsync("/profile")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/profile")).StatusCode);
        var audit = await portal.QueryAsync(db => db.AuditEvents.AsNoTracking()
            .Where(e => e.Type == AuditEventType.RequestRejected || e.Type == AuditEventType.AccessDenied)
            .OrderBy(e => e.Id).Skip(auditBefore).Select(e => e.Code).ToListAsync());
        Assert.Equal(["MALFORMED_REQUEST", "ANTIFORGERY_TOKEN_INVALID", "NOT_ADMINISTRATOR"], audit);
    }

    /// <summary>Posts <paramref name="fields"/> to <paramref name="url"/> with the antiforgery token of a form on <paramref name="page"/>.</summary>
    private static async Task<HttpResponseMessage> PostWithTokenAsync(
        PortalBrowser browser, HttpResponseMessage page, string url, Dictionary<string, string> fields)
    {
        var token = (await PortalBrowser.ParseAsync(page)).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException("No antiforgery token on the page.");
        fields["__RequestVerificationToken"] = token;
        return await browser.PostFormAsync(url, fields);
    }

    private async Task<PortalBrowser> AdministratorAsync()
    {
        var alice = portal.NewBrowser();
        await alice.SignInAsync("alice", "alice");
        return alice;
    }

    /// <summary>The development CAS server's form asking for the password (with renew: even though single sign-on is alive).</summary>
    private static async Task AssertPasswordFormAsync(HttpResponseMessage landed, bool renew = true)
    {
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        var url = landed.RequestMessage!.RequestUri!;
        Assert.Equal("/dev-cas/login", url.AbsolutePath);
        Assert.Equal(renew, url.Query.Contains("renew=true", StringComparison.Ordinal));
        Assert.Contains("name=\"password\"", await landed.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> TypePasswordAsync(PortalBrowser browser, HttpResponseMessage form, string username) =>
        await browser.FollowAsync(await browser.SubmitFormAsync(form, "form", new Dictionary<string, string>
        {
            ["username"] = username,
            ["password"] = username,
        }));

    private Task<List<AuditEventType>> NewEventsOfAsync(string username) => portal.QueryAsync(db => db.AuditEvents.AsNoTracking()
        .Where(e => e.Username == username && FourNewEvents.Contains(e.Type))
        .OrderBy(e => e.Id)
        .Select(e => e.Type)
        .ToListAsync());

    private Task<string> LatestSessionIdAsync(string username) =>
        portal.QueryAsync(db => db.Sessions.AsNoTracking()
            .Where(s => s.Username == username && s.EndedAt == null)
            .OrderByDescending(s => s.CreatedAt)
            .Select(s => s.Reference)
            .FirstAsync());
}
