using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CasPortal.Web.BrowserTests;

/// <summary>
/// The pages people use most, on a desktop and on a phone: an automated WCAG 2.2 AA scan (axe) with no serious or
/// critical violation, no sideways scrolling at 390 px, and a keyboard user's way past the navbar.
/// </summary>
public sealed class AccessibilityBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    public static TheoryData<int> Widths => [1280, 390];

    [Theory]
    [MemberData(nameof(Widths))]
    public Task The_audit_log_passes_an_accessibility_scan_and_fits_the_screen(int width) =>
        browser.RunAsync(async journey =>
        {
            var alice = await journey.OpenTabAsync("alice");
            await alice.Page.SetViewportSizeAsync(width, 844);
            await alice.SignInAsync("alice", "alice");
            // A failed sign-in gives the table a warning row and the chart a failure cause.
            journey.ExpectErrorStatus(alice, "/login?ticket=ST-unknown-to-cas", 401);
            var stranger = await journey.OpenTabAsync("stranger");
            journey.ExpectErrorStatus(stranger, "/login?ticket=ST-unknown-to-cas", 401);
            await stranger.GotoAsync("/login?ticket=ST-unknown-to-cas");
            await stranger.GotoAsync("/login?ticket=ST-unknown-to-cas");

            await alice.GotoAsync("/admin/audit?range=24h&starts=show", snapAs: $"audit-{width}px");

            await Expect(alice.Page.Locator("tr.table-warning").First).ToBeVisibleAsync();
            await AssertNoSeriousViolationsAsync(alice.Page);
            await AssertNoSidewaysScrollAsync(alice.Page);
        });

    [Theory]
    [MemberData(nameof(Widths))]
    public Task The_profile_and_the_sessions_page_pass_an_accessibility_scan_and_fit_the_screen(int width) =>
        browser.RunAsync(async journey =>
        {
            var bob = await journey.OpenTabAsync("bob");
            await bob.SignInAsync("bob", "bob");
            var alice = await journey.OpenTabAsync("alice");
            await alice.Page.SetViewportSizeAsync(width, 844);
            await alice.SignInAsync("alice", "alice");
            await alice.SnapAsync($"profile-{width}px");

            await Expect(alice.Page.Locator("[data-testid=my-sessions] summary").First).ToBeVisibleAsync();
            await AssertNoSeriousViolationsAsync(alice.Page);
            await AssertNoSidewaysScrollAsync(alice.Page);

            await alice.GotoAsync("/admin/sessions", snapAs: $"sessions-{width}px");
            // Each row names its browser for people, and its buttons say whose session on which browser.
            await Expect(alice.Page.Locator("[data-testid=sessions] summary", new() { HasText = "Chrome on Linux" }).First).ToBeVisibleAsync();
            await Expect(alice.Page.GetByRole(AriaRole.Button, new() { Name = "Revoke bob's session on Headless Chrome on Linux" }).First).ToBeVisibleAsync();
            await AssertNoSeriousViolationsAsync(alice.Page);
            await AssertNoSidewaysScrollAsync(alice.Page);
        });

    [Fact]
    public Task On_a_phone_the_filtered_and_sorted_sessions_and_a_filter_error_fit_the_screen_and_pass_the_scan() =>
        browser.RunAsync(async journey =>
        {
            var bob = await journey.OpenTabAsync("bob");
            await bob.SignInAsync("bob", "bob");
            var alice = await journey.OpenTabAsync("alice");
            await alice.Page.SetViewportSizeAsync(390, 844);
            await alice.SignInAsync("alice", "alice");

            await alice.GotoAsync("/admin/sessions?user=bob&address=127.&browser=Headless%20Chrome&sort=AddressAscending", snapAs: "sessions-filtered-390px");
            await Expect(alice.Page.Locator("[data-testid=sessions] tbody tr[data-session-user=bob]").First).ToBeVisibleAsync();
            await AssertNoSeriousViolationsAsync(alice.Page);
            await AssertNoSidewaysScrollAsync(alice.Page);

            journey.ExpectErrorStatus(alice, "/admin/sessions?user=bob&address=127.x", 400);
            await alice.GotoAsync("/admin/sessions?user=bob&address=127.x", snapAs: "sessions-filter-error-390px");
            await Expect(alice.Page.Locator("#address-error")).ToBeVisibleAsync();
            await Expect(alice.Page.Locator("#address")).ToHaveValueAsync("127.x");
            await AssertNoSeriousViolationsAsync(alice.Page);
            await AssertNoSidewaysScrollAsync(alice.Page);
        });

    [Fact]
    public Task On_a_phone_the_menu_and_the_filters_fold_away_and_open_on_demand() =>
        browser.RunAsync(async journey =>
        {
            var alice = await journey.OpenTabAsync("alice");
            await alice.Page.SetViewportSizeAsync(390, 844);
            await alice.SignInAsync("alice", "alice");
            await alice.GotoAsync("/admin/audit", snapAs: "audit-phone-folded");
            var page = alice.Page;

            await Expect(page.Locator("[data-testid=admin-audit-link]")).Not.ToBeVisibleAsync();
            await Expect(page.Locator("#user")).Not.ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
            await Expect(page.Locator("[data-testid=admin-audit-link]")).ToBeVisibleAsync();
            await Expect(page.Locator("[data-testid=admin-audit-link]")).ToHaveAttributeAsync("aria-current", "page");
            await page.GetByRole(AriaRole.Button, new() { Name = "Filters" }).ClickAsync();
            await Expect(page.Locator("#user")).ToBeVisibleAsync();
            await alice.SnapAsync("audit-phone-open");
            await AssertNoSidewaysScrollAsync(page);
        });

    [Fact]
    public Task A_keyboard_user_skips_the_navbar_with_the_first_tab() =>
        browser.RunAsync(async journey =>
        {
            var alice = await journey.OpenTabAsync("alice");
            await alice.SignInAsync("alice", "alice");
            var page = alice.Page;

            await page.Keyboard.PressAsync("Tab");
            var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" });
            await Expect(skip).ToBeFocusedAsync();
            await Expect(skip).ToBeVisibleAsync();
            await page.Keyboard.PressAsync("Enter");

            await Expect(page.Locator("main")).ToBeFocusedAsync();
        });

    private static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        var results = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
        });
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.True(serious.Count == 0, "Accessibility violations:\n" + string.Join("\n", serious));
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        if (widths[0] > widths[1])
        {
            // Name the elements that stick out, so the failure says what to fix.
            var culprits = await page.EvaluateAsync<string[]>("""
                () => Array.from(document.querySelectorAll('body *'))
                    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5
                        || (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible'))
                    .slice(0, 5)
                    .map(e => `${e.tagName.toLowerCase()}.${e.className} (right edge ${Math.round(e.getBoundingClientRect().right)} px, content ${e.scrollWidth} px)`)
                """);
            Assert.Fail($"The page is {widths[0]} px wide in a {widths[1]} px window: {string.Join("; ", culprits)}");
        }
    }
}
