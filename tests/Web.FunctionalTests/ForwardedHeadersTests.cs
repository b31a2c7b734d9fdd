using CasPortal.Web.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Web.FunctionalTests;

/// <summary>Behind a reverse proxy: forwarded headers count only from configured proxies, and never pick the service URL.</summary>
public class ForwardedHeadersTests
{
    private sealed class ProxiedPortal(bool trustLoopback) : PortalFactory
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => trustLoopback
            ? new Dictionary<string, string?> { ["Portal:KnownProxies:0"] = "127.0.0.1" }
            : new Dictionary<string, string?>();
    }

    [Theory]
    [InlineData(true, "203.0.113.5")]
    [InlineData(false, "127.0.0.1")]
    public async Task The_client_address_comes_from_X_Forwarded_For_only_when_the_proxy_is_known(bool trusted, string expectedIp)
    {
        await using var portal = new ProxiedPortal(trusted);
        using var browser = portal.NewBrowser();

        var login = await browser.SendAsync(WithForwardedHeaders(new HttpRequestMessage(HttpMethod.Get, "/login?next=/profile")));

        var service = Uri.EscapeDataString($"{portal.BaseUrl}/login?next=%2Fprofile&state=");
        Assert.StartsWith($"{portal.BaseUrl}/dev-cas/login?service={service}", login.Headers.Location!.OriginalString);
        var started = await portal.QueryAsync(db => db.AuditEvents.OrderByDescending(e => e.Id).FirstAsync());
        Assert.Equal(expectedIp, started.ClientIp);
    }

    private static HttpRequestMessage WithForwardedHeaders(HttpRequestMessage request)
    {
        request.Headers.Add("X-Forwarded-For", "203.0.113.5");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        return request;
    }
}
