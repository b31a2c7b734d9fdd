using System.Net;
using CasPortal.MultiNode.Tests.Infrastructure;

namespace CasPortal.MultiNode.Tests;

/// <summary>/healthz and /readyz as a load balancer sees them (SQLite is enough here; PostgreSQL where it must be).</summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task A_running_node_is_alive_and_ready_in_plain_uncached_text()
    {
        await using var portal = new PortalFactory();
        using var client = ClientOf(portal);

        var alive = await client.GetAsync("/healthz");
        var ready = await client.GetAsync("/readyz");

        Assert.Equal((HttpStatusCode.OK, "alive"), (alive.StatusCode, await alive.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.OK, "ready"), (ready.StatusCode, await ready.Content.ReadAsStringAsync()));
        Assert.Equal("text/plain", ready.Content.Headers.ContentType!.MediaType);
        Assert.True(ready.Headers.CacheControl!.NoCache || ready.Headers.CacheControl.NoStore);
    }

    [Fact]
    public async Task Pending_migrations_make_a_node_not_ready_while_it_stays_alive()
    {
        await using var portal = new PortalNode("health", new Dictionary<string, string?> { ["Database:MigrateAtStartup"] = "false" });
        using var client = ClientOf(portal);

        var ready = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Matches(@"^not ready: \d+ database migration\(s\) pending$", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task An_unreachable_database_makes_a_node_not_ready_without_naming_the_server_or_its_password()
    {
        // Nothing listens on port 1 of loopback: the connection is refused at once.
        await using var portal = new PortalNode("health", new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:MigrateAtStartup"] = "false",
            ["ConnectionStrings:Portal"] = "Host=127.0.0.1;Port=1;Database=casportal;Username=portal;Password=sekrit-pw;Timeout=3",
        });
        using var client = ClientOf(portal);

        var ready = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("not ready: database unreachable", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Health_checks_skip_authentication_and_rate_limits()
    {
        await using var portal = new PortalNode("health", new Dictionary<string, string?> { ["RateLimits:SignInPerMinute"] = "1", ["RateLimits:LogoutPerMinute"] = "1" });
        using var client = ClientOf(portal);

        for (var i = 0; i < 20; i++)
        {
            // A stale session cookie would send a page to sign in; a load balancer's probe is never asked to.
            using var probe = new HttpRequestMessage(HttpMethod.Get, i % 2 == 0 ? "/healthz" : "/readyz");
            probe.Headers.Add("Cookie", "casportal.session=stale-or-forged");
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(probe)).StatusCode);
        }
    }

    /// <summary>A client with no cookies of its own, as a load balancer's probe; the portal is started first.</summary>
    private static HttpClient ClientOf(PortalFactory portal)
    {
        portal.StartServer();
        return new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(portal.BaseUrl) };
    }
}
