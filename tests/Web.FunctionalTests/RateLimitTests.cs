using System.Net;
using CasPortal.Web.FunctionalTests.Infrastructure;

namespace CasPortal.Web.FunctionalTests;

/// <summary>
/// The limits fall on abuse (junk tickets, floods of starts or logout requests), never on a ticket CAS just issued to
/// a browser that started its sign-in here, so a whole class behind one address can sign in at once.
/// </summary>
public sealed class RateLimitTests(RateLimitTests.TightlyLimitedPortal portal) : IClassFixture<RateLimitTests.TightlyLimitedPortal>
{
    /// <summary>Small limits; test browsers pose as different client addresses behind a trusted proxy on loopback.</summary>
    public sealed class TightlyLimitedPortal : PortalFactory
    {
        protected override bool RelaxedRateLimits => false;

        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Portal:KnownProxies:0"] = "127.0.0.1",
            ["RateLimits:SignInPerMinute"] = "6",
            ["RateLimits:FailedSignInsPerMinute"] = "3",
            ["RateLimits:LogoutPerMinute"] = "2",
            ["RateLimits:CasServerPostsPerMinute"] = "50",
        };
    }

    [Fact]
    public async Task An_address_sending_junk_tickets_is_refused_without_slowing_another_address_or_its_own_real_sign_ins()
    {
        using var junk = portal.NewBrowser().From("198.51.100.1");
        for (var i = 0; i < 3; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await junk.GetAsync($"/login?ticket=ST-junk-{i}")).StatusCode);
        }

        var limited = await junk.GetAsync("/login?ticket=ST-junk-more");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Contains($"try again in {retryAfter} second", await limited.Content.ReadAsStringAsync());

        using var neighbour = portal.NewBrowser().From("198.51.100.2");
        Assert.Equal(HttpStatusCode.Found, (await neighbour.GetAsync("/login?ticket=ST-junk-elsewhere")).StatusCode);

        // A real sign-in from the junk address itself: its ticket matches a state the browser holds, so it is never refused.
        using var student = portal.NewBrowser().From("198.51.100.1");
        var profile = await student.SignInAsync("bob", "bob", "/login?next=/profile");
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal("/profile", profile.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task A_flood_of_sign_in_starts_gets_429_while_the_CAS_server_can_still_post_logout_requests()
    {
        using var browser = portal.NewBrowser().From("198.51.100.3");
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/login?next=/profile")).StatusCode);
        }

        var limited = await browser.GetAsync("/login?next=/profile");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.Contains("Too many requests", await limited.Content.ReadAsStringAsync());
        var logoutRequest = SingleLogoutTests.LogoutRequestXml("ST-unknown-ticket");
        var casPost = await browser.PostFormAsync("/login", [KeyValuePair.Create("logoutRequest", logoutRequest)]);
        Assert.Equal(HttpStatusCode.OK, casPost.StatusCode);
    }

    [Fact]
    public async Task Too_many_sign_outs_from_one_address_get_429()
    {
        using var browser = portal.NewBrowser().From("198.51.100.4");

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await browser.GetAsync("/logout")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
    }

    [Fact]
    public async Task The_proxy_callback_has_its_own_limit_which_sign_outs_from_the_same_address_do_not_use_up()
    {
        using var browser = portal.NewBrowser().From("198.51.100.5");
        for (var i = 0; i < 3; i++)
        {
            await browser.GetAsync("/logout");
        }

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await browser.GetAsync("/proxy-callback")).StatusCode);
        }

        // This portal asks for no proxy tickets, so the callback itself answers 404; the third call is over its limit.
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], answers);
    }
}

/// <summary>The default limits against a class of students behind one NAT address.</summary>
public sealed class SharedAddressTests(SharedAddressTests.DefaultLimitsPortal portal) : IClassFixture<SharedAddressTests.DefaultLimitsPortal>
{
    public sealed class DefaultLimitsPortal : PortalFactory
    {
        protected override bool RelaxedRateLimits => false;
    }

    [Fact]
    public async Task Three_hundred_sign_ins_from_one_address_within_a_minute_all_succeed_with_the_default_limits()
    {
        const int students = 300;
        var landed = new System.Collections.Concurrent.ConcurrentBag<(HttpStatusCode Status, string Path)>();
        portal.NewBrowser().Dispose(); // starts the server once, before the browsers race

        await Parallel.ForEachAsync(Enumerable.Range(0, students), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            using var browser = portal.NewBrowser();
            var page = await browser.SignInAsync(i % 2 == 0 ? "alice" : "bob", i % 2 == 0 ? "alice" : "bob", "/login?next=/profile");
            landed.Add((page.StatusCode, page.RequestMessage!.RequestUri!.AbsolutePath));
        });

        Assert.Equal(students, landed.Count);
        Assert.All(landed, page => Assert.Equal((HttpStatusCode.OK, "/profile"), page));
    }
}
