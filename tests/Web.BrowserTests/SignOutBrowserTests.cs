using CasPortal.Application.Common.Cas;
using CasPortal.Domain.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CasPortal.Web.BrowserTests;

/// <summary>Signing out of the portal, and being signed out of it by the CAS server (single logout).</summary>
public sealed class SignOutBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public Task Signing_out_goes_through_CAS_to_the_signed_out_page_and_the_profile_then_asks_to_sign_in_again() =>
        browser.RunAsync(async journey =>
        {
            var alice = await journey.OpenTabAsync("alice");
            await alice.SignInAsync("alice", "alice");
            var ticket = alice.LastServiceTicket();

            // The navbar links to the confirmation page, whose one form signs out.
            await alice.Page.GetByRole(AriaRole.Link, new() { Name = "Sign out", Exact = true }).ClickAsync();
            await alice.Page.WaitForURLAsync($"{journey.BaseUrl}/logout");
            await alice.Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();

            // The CAS server ends its single sign-on session too and offers the way back.
            await alice.Page.WaitForURLAsync(
                $"{journey.BaseUrl}/dev-cas/logout?service={Uri.EscapeDataString($"{journey.BaseUrl}/logout-callback")}");
            await Expect(alice.Page.GetByText("You are signed out of the development CAS server.")).ToBeVisibleAsync();
            await alice.SnapAsync("cas-signed-out");
            await alice.Page.GetByRole(AriaRole.Link, new() { Name = "Back to the application" }).ClickAsync();

            await alice.Page.WaitForURLAsync($"{journey.BaseUrl}/logout-callback");
            await Expect(alice.Page.Locator("[data-testid=signed-out]")).ToHaveTextAsync("You are signed out");
            await Expect(alice.Page.Locator("[data-testid=signed-in-user]")).ToHaveCountAsync(0);
            await Expect(alice.Page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
            await alice.SnapAsync("portal-signed-out");

            // Signed out of both: the profile asks for the password again.
            await alice.GotoAsync("/profile");
            await Expect(alice.Page).ToHaveURLAsync(alice.CasLoginUrl);
            await Expect(alice.Page.Locator("#username")).ToBeVisibleAsync();
            await Expect(alice.Page.Locator("#password")).ToBeEmptyAsync();
            await alice.SnapAsync("profile-asks-to-sign-in");

            Assert.Equal(SessionEndReason.Logout, (await SessionOfAsync(ticket)).EndReason);
        });

    [Fact]
    public Task Signing_out_at_the_CAS_server_signs_the_portal_out_too() =>
        browser.RunAsync(async journey =>
        {
            var bob = await journey.OpenTabAsync("bob");
            await bob.SignInAsync("bob", "bob");
            var ticket = bob.LastServiceTicket();

            // Bob signs out at the CAS server itself; it tells the portal over the back channel.
            await bob.GotoAsync("/dev-cas/logout");
            await Expect(bob.Page.GetByText("You are signed out of the development CAS server.")).ToBeVisibleAsync();
            await Expect(bob.Page.GetByRole(AriaRole.Link, new() { Name = "Back to the application" })).ToHaveCountAsync(0);
            await bob.SnapAsync("cas-signed-out");

            await bob.GotoAsync("/profile");
            await Expect(bob.Page).ToHaveURLAsync(bob.CasLoginUrl);
            await Expect(bob.Page.Locator("#username")).ToBeVisibleAsync();
            await Expect(bob.Page.GetByText("Development CAS server — for development only")).ToBeVisibleAsync();
            await bob.SnapAsync("profile-asks-to-sign-in");

            var session = await SessionOfAsync(ticket);
            Assert.Equal(SessionEndReason.SingleLogout, session.EndReason);
            Assert.NotNull(session.EndedAt);
        });

    private Task<PortalSession> SessionOfAsync(string ticket)
    {
        var hash = TicketHash.Of(ticket);
        return browser.Portal.QueryAsync(db => db.Sessions.AsNoTracking().SingleAsync(s => s.ServiceTicketHash == hash));
    }
}
