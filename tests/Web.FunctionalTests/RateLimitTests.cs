using System.Net;
using CasPortal.Web.FunctionalTests.Infrastructure;

namespace CasPortal.Web.FunctionalTests;

public sealed class RateLimitTests(RateLimitTests.TightlyLimitedPortal portal) : IClassFixture<RateLimitTests.TightlyLimitedPortal>
{
    public sealed class TightlyLimitedPortal : PortalFactory
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["RateLimits:SignInPerMinute"] = "3",
            ["RateLimits:LogoutPerMinute"] = "2",
            ["RateLimits:CasServerPostsPerMinute"] = "50",
        };
    }

    [Fact]
    public async Task Too_many_sign_in_requests_from_one_address_get_429_while_the_CAS_server_can_still_post()
    {
        using var browser = portal.NewBrowser();
        for (var i = 0; i < 3; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await browser.GetAsync("/login?next=/profile")).StatusCode);
        }

        var limited = await browser.GetAsync("/login?ticket=ST-limited");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("60", limited.Headers.GetValues("Retry-After").Single());
        Assert.Contains("Too many requests", await limited.Content.ReadAsStringAsync());
        var logoutRequest = SingleLogoutTests.LogoutRequestXml("ST-unknown-ticket");
        var casPost = await browser.PostFormAsync("/login", [KeyValuePair.Create("logoutRequest", logoutRequest)]);
        Assert.Equal(HttpStatusCode.OK, casPost.StatusCode);
    }

    [Fact]
    public async Task Too_many_sign_outs_from_one_address_get_429()
    {
        using var browser = portal.NewBrowser();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await browser.GetAsync("/logout")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
    }
}
