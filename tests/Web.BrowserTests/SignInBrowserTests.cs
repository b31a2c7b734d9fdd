using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CasPortal.Web.BrowserTests;

/// <summary>Signing in through the development CAS server in a real Chromium.</summary>
public sealed class SignInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public Task Signing_in_on_the_development_CAS_form_lands_on_the_profile_with_no_ticket_in_the_address_bar() =>
        browser.RunAsync(async journey =>
        {
            var alice = await journey.OpenTabAsync("alice");

            await alice.GotoAsync("/profile");

            // Sent to the CAS server, which is told to come back to the portal's sign-in address.
            await Expect(alice.Page).ToHaveURLAsync(alice.CasLoginUrl);
            Assert.Contains(Uri.EscapeDataString($"{journey.BaseUrl}/login?next=%2Fprofile"), alice.Page.Url);
            await Expect(alice.Page.GetByText("Development CAS server — for development only")).ToBeVisibleAsync();
            await alice.SnapAsync("cas-sign-in-form");

            await alice.Page.Locator("#username").FillAsync("alice");
            await alice.Page.Locator("#password").FillAsync("alice");
            await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await alice.Page.WaitForURLAsync(alice.ProfileUrl);
            await alice.SnapAsync("profile");

            // The ticket came back in an address, which the portal replaced at once with one without it.
            Assert.Contains(alice.Documents, line => line.StartsWith("302 GET", StringComparison.Ordinal)
                && System.Text.RegularExpressions.Regex.IsMatch(line, "/login\\?next=%2Fprofile&state=[A-Za-z0-9_-]{22}&ticket=ST-"));
            Assert.DoesNotContain("ticket=", alice.Page.Url, StringComparison.Ordinal);
            Assert.Equal("", await alice.Page.EvaluateAsync<string>("() => document.referrer"));

            var page = alice.Page;
            await Expect(page).ToHaveTitleAsync("Your profile - CasPortal");
            await Expect(page.Locator("[data-testid=username]")).ToHaveTextAsync("alice");
            await Expect(page.Locator("[data-testid=signed-in-user]")).ToHaveTextAsync("Signed in as alice");
            var memberOf = page.Locator("[data-testid=attributes] tr", new() { Has = page.Locator("th", new() { HasTextString = "memberOf" }) })
                .Locator("li");
            await Expect(memberOf).ToHaveTextAsync(["cn=portal-admins,ou=groups,dc=example,dc=edu", "cn=staff,ou=groups,dc=example,dc=edu"]);
            await Expect(page.Locator("[data-testid=attributes]")).ToContainTextAsync("Alice Liddell");
            await Expect(page.Locator("[data-testid=my-sessions] [data-testid=this-session]")).ToHaveTextAsync("this browser");
            await Expect(page.Locator("[data-testid=admin-sessions-link]")).ToBeVisibleAsync();
            await Expect(page.Locator("[data-testid=admin-audit-link]")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign out", Exact = true })).ToBeVisibleAsync();

            // Bootstrap is applied: the navbar is laid out as a flex row, not as a bare list.
            Assert.Equal("flex", await page.Locator("nav.navbar").EvaluateAsync<string>("n => getComputedStyle(n).display"));
        });

    [Theory]
    [InlineData("scheme-relative", "//evil.example")]
    [InlineData("absolute", "https://evil.example/")]
    [InlineData("encoded-slashes", "/%2F%2Fevil.example")]
    [InlineData("backslash", "/\\evil.example")]
    public Task A_return_address_on_another_site_is_ignored_and_sign_in_ends_on_the_portal_profile(string kind, string next) =>
        browser.RunAsync(async journey =>
        {
            var alice = await journey.OpenTabAsync("alice");

            await alice.SignInAsync("alice", "alice", start: "/login?next=" + Uri.EscapeDataString(next));

            // Never left the portal: any request off loopback would also have been reported as a problem.
            Assert.Equal($"{journey.BaseUrl}/profile", alice.Page.Url);
            await Expect(alice.Page.Locator("[data-testid=username]")).ToHaveTextAsync("alice");
        }, $"{nameof(A_return_address_on_another_site_is_ignored_and_sign_in_ends_on_the_portal_profile)}-{kind}");

    [Fact]
    public Task The_detector_reports_a_script_blocked_by_the_content_security_policy_and_a_request_off_loopback() =>
        browser.RunAsync(async journey =>
        {
            var visitor = await journey.OpenTabAsync("visitor");
            await visitor.GotoAsync("/logout-callback", snapAs: "signed-out-page");
            await Expect(visitor.Page.Locator("[data-testid=signed-out]")).ToHaveTextAsync("You are signed out");

            // What an injected inline script would meet: the policy blocks it, and the suite must notice.
            await visitor.Page.EvaluateAsync(
                "() => { const s = document.createElement('script'); s.textContent = 'window.inlineRan = true'; document.body.append(s); }");

            var violation = await journey.WaitForProblemAsync(p => p.Kind == BrowserProblem.CspViolation);
            Assert.Contains("script-src", violation.Message, StringComparison.Ordinal);
            Assert.Null(await visitor.Page.EvaluateAsync<bool?>("() => window.inlineRan"));

            // And a page that tried to leave loopback: the request is aborted before it leaves the machine.
            await Assert.ThrowsAsync<PlaywrightException>(() => visitor.Page.GotoAsync("http://evil.example/"));
            var offLoopback = await journey.WaitForProblemAsync(p => p.Kind == BrowserProblem.OffLoopbackRequest);
            Assert.Contains("GET http://evil.example/", offLoopback.Message, StringComparison.Ordinal);

            journey.Tolerate(p => p.Tab == visitor.Name
                && (p.Kind is BrowserProblem.CspViolation or BrowserProblem.OffLoopbackRequest
                    || p.Message.Contains("Content Security Policy", StringComparison.Ordinal)));
        });

    [Fact]
    public async Task A_failing_journey_leaves_a_screenshot_and_the_html_of_each_open_page()
    {
        const string name = "Deliberate-failure-to-test-the-failure-artifacts";

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => browser.RunAsync(async journey =>
        {
            var visitor = await journey.OpenTabAsync("visitor");
            await visitor.GotoAsync("/logout-callback");
            throw new TimeoutException("deliberate");
        }, name));

        Assert.Equal("deliberate", failure.Message);
        var folder = Path.Combine(BrowserFixture.ArtifactsRoot, name);
        Assert.True(new FileInfo(Path.Combine(folder, "FAILED-visitor.png")).Length > 0);
        Assert.Contains("You are signed out", await File.ReadAllTextAsync(Path.Combine(folder, "FAILED-visitor.html")));
        Assert.Contains("deliberate", await File.ReadAllTextAsync(Path.Combine(folder, "FAILED.txt")));
        Assert.Contains("200 GET", await File.ReadAllTextAsync(Path.Combine(folder, "journey.log")));
    }
}
