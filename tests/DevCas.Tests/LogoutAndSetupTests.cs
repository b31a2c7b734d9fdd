using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using static CasPortal.DevCas.Tests.DevCasTestHost;

namespace CasPortal.DevCas.Tests;

public sealed class LogoutAndSetupTests
{
    [Fact]
    public async Task Logout_ends_single_sign_on_and_expires_the_cookie()
    {
        await using var cas = await StartAsync();
        var (_, _, tgc) = await cas.SignInAsync();

        using var logout = await cas.GetAsync($"/dev-cas/logout?service={Uri.EscapeDataString(Service)}", tgc);

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Equal("no-store", logout.Headers.CacheControl?.ToString());
        var cookie = TgcCookie(logout);
        Assert.True(cookie.Expires < DateTimeOffset.UtcNow);
        Assert.Equal("/dev-cas", cookie.Path.Value);
        var html = await logout.Content.ReadAsStringAsync();
        Assert.Contains("You are signed out of the development CAS server", html);
        Assert.Contains($"<a href=\"{Service}\">", html);
        LoginTests.AssertNoInlineScriptOrStyle(html);

        // The old cookie, replayed, no longer signs anyone in.
        using var login = await cas.GetAsync($"/dev-cas/login?service={Uri.EscapeDataString(Service)}", tgc);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("<form", await login.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("javascript:alert(1)")]
    public async Task Logout_offers_no_link_to_a_service_that_is_not_allowed(string service)
    {
        await using var cas = await StartAsync();

        using var logout = await cas.GetAsync($"/dev-cas/logout?service={Uri.EscapeDataString(service)}");

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.False(logout.Headers.Contains("Location"));
        var html = await logout.Content.ReadAsStringAsync();
        Assert.Contains("You are signed out of the development CAS server", html);
        Assert.DoesNotContain("<a ", html);
    }

    [Fact]
    public async Task Signing_in_again_replaces_the_previous_session_of_the_browser()
    {
        await using var cas = await StartAsync();
        var (_, _, oldTgc) = await cas.SignInAsync();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["service"] = Service,
            ["username"] = "bob",
            ["password"] = "bob",
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dev-cas/login") { Content = content };
        request.Headers.Add("Cookie", $"DEVCAS_TGC={oldTgc}");
        (await cas.Client.SendAsync(request)).Dispose();

        using var login = await cas.GetAsync($"/dev-cas/login?service={Uri.EscapeDataString(Service)}", oldTgc);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Theory]
    [InlineData("""{ "DevCas": { "Users": [ { "Username": "alice", "Attributes": { "bad name": [ "x" ] } } ] } }""")]
    [InlineData("""{ "DevCas": { "Users": [ { "Username": "alice" }, { "Username": "alice" } ] } }""")]
    [InlineData("""{ "DevCas": { "TicketLifetime": "00:00:00" } }""")]
    [InlineData("""{ "DevCas": { "SessionLifetime": "00:00:00" } }""")]
    [InlineData("""{ "DevCas": { "MaxSessions": 0 } }""")]
    public async Task A_configuration_mistake_fails_at_start_up(string json)
    {
        await Assert.ThrowsAsync<OptionsValidationException>(() => StartWithJsonAsync(json));
    }

    [Theory]
    [InlineData("dev-cas")]
    [InlineData("/")]
    public async Task The_prefix_must_be_a_path_below_the_root(string prefix)
    {
        await using var app = WebApplication.CreateSlimBuilder().Build();

        Assert.Throws<ArgumentException>(() => app.MapDevCas(prefix));
    }
}
