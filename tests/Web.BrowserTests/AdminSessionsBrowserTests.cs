using CasPortal.Application.Common.Cas;
using CasPortal.Domain.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CasPortal.Web.BrowserTests;

/// <summary>An administrator ends another person's session from /admin/sessions, each in their own browser.</summary>
public sealed class AdminSessionsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public Task An_administrator_confirms_revoking_bobs_session_and_bobs_browser_must_type_the_password_again() =>
        browser.RunAsync(async journey =>
        {
            var bob = await journey.OpenTabAsync("bob");
            await bob.SignInAsync("bob", "bob");
            var bobTicket = bob.LastServiceTicket();

            var alice = await journey.OpenTabAsync("alice");
            await alice.SignInAsync("alice", "alice");
            await alice.Page.Locator("[data-testid=admin-sessions-link]").ClickAsync();
            await alice.Page.WaitForURLAsync($"{journey.BaseUrl}/admin/sessions");
            await Expect(alice.Page.GetByRole(AriaRole.Heading, new() { Name = "Active sessions" })).ToBeVisibleAsync();
            await alice.SnapAsync("admin-sessions");

            var filter = alice.Page.Locator("[data-testid=filter]");
            await filter.Locator("#user").FillAsync("bob");
            await filter.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
            await alice.Page.WaitForURLAsync(url => new Uri(url).Query.Contains("user=bob", StringComparison.Ordinal));
            await alice.SnapAsync("admin-sessions-of-bob");

            var rows = alice.Page.Locator("[data-testid=sessions] tbody tr");
            await Expect(rows.First).ToBeVisibleAsync();
            foreach (var row in await rows.AllAsync())
            {
                await Expect(row).ToHaveAttributeAsync("data-session-user", "bob");
            }

            // Bob's browser is the row whose user agent carries this browser's tag.
            var bobsRow = alice.Page.Locator("tr[data-session-user=bob]", new() { HasTextString = bob.Tag });
            await Expect(bobsRow).ToHaveCountAsync(1);
            await bobsRow.GetByRole(AriaRole.Button, new() { Name = "Revoke bob's session on" }).ClickAsync();

            // The confirmation names whose session and which browser, and asks for the password by default.
            var dialog = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Revoke this session of bob?" });
            await Expect(dialog).ToBeVisibleAsync();
            await Expect(dialog.Locator("[data-testid=confirm-browsers]")).ToContainTextAsync(bob.Tag);
            await Expect(dialog.Locator("[data-testid=own-session-warning]")).ToHaveCountAsync(0);
            await Expect(dialog.GetByLabel("and require a password on that browser's next sign-in")).ToBeCheckedAsync();
            await alice.SnapAsync("confirm-revoke");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Revoke the session" }).ClickAsync();

            await Expect(alice.Page.Locator("[data-testid=status]")).ToContainTextAsync("That browser must type a password at its next sign-in");
            await Expect(bobsRow).ToHaveCountAsync(0);
            await Expect(alice.Page.Locator("#user")).ToHaveValueAsync("bob");
            await Expect(alice.Page.Locator("tr[data-requirement-user=bob]")).ToContainTextAsync("one browser");
            await alice.SnapAsync("bob-revoked");

            // Bob's next navigation: his CAS single sign-on session is alive, yet he lands on the password form.
            var next = await bob.GotoAsync("/profile");
            var chain = BrowserTab.RedirectChain(next);
            Assert.Equal($"{journey.BaseUrl}/login?next=%2Fprofile", chain[1]);
            Assert.Contains("renew=true", chain[^1], StringComparison.Ordinal);
            await Expect(bob.Page.Locator("#password")).ToBeVisibleAsync();
            await bob.SnapAsync("password-prompt-after-revocation");

            await bob.Page.Locator("#username").FillAsync("bob");
            await bob.Page.Locator("#password").FillAsync("bob");
            await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await bob.Page.WaitForURLAsync(bob.ProfileUrl);
            await Expect(bob.Page.Locator("[data-testid=signed-in-user]")).ToContainTextAsync("bob");

            Assert.NotEqual(bobTicket, bob.LastServiceTicket());
            Assert.Equal(SessionEndReason.AdminRevoked, (await SessionOfAsync(bobTicket)).EndReason);
            Assert.Null((await SessionOfAsync(bob.LastServiceTicket())).EndedAt);
            Assert.Equal(0, await browser.Portal.QueryAsync(db => db.ReauthenticationRequirements.CountAsync()));
        });

    [Fact]
    public Task A_user_who_is_not_an_administrator_sees_no_admin_links_and_gets_access_denied_on_the_audit_log() =>
        browser.RunAsync(async journey =>
        {
            var bob = await journey.OpenTabAsync("bob");
            await bob.SignInAsync("bob", "bob");
            await Expect(bob.Page.Locator("[data-testid=attributes]")).ToContainTextAsync("cn=students,ou=groups,dc=example,dc=edu");
            await Expect(bob.Page.Locator("[data-testid=admin-sessions-link]")).ToHaveCountAsync(0);
            await Expect(bob.Page.Locator("[data-testid=admin-audit-link]")).ToHaveCountAsync(0);

            journey.ExpectErrorStatus(bob, "/admin/audit", 403);
            var denied = await bob.GotoAsync("/admin/audit", snapAs: "admin-audit-denied");

            Assert.Equal(403, denied.Status);
            Assert.Equal($"{journey.BaseUrl}/admin/audit", bob.Page.Url);
            await Expect(bob.Page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
            await Expect(bob.Page.GetByText("Your account is not allowed to see this page.")).ToBeVisibleAsync();
            await Expect(bob.Page.Locator("[data-testid=events]")).ToHaveCountAsync(0);
            await Expect(bob.Page.Locator("[data-testid=signed-in-user]")).ToHaveTextAsync("Signed in as bob");
        });

    private Task<PortalSession> SessionOfAsync(string ticket)
    {
        var hash = TicketHash.Of(ticket);
        return browser.Portal.QueryAsync(db => db.Sessions.AsNoTracking().SingleAsync(s => s.ServiceTicketHash == hash));
    }
}
