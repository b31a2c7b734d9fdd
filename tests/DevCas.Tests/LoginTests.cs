using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;
using static CasPortal.DevCas.Tests.DevCasTestHost;

namespace CasPortal.DevCas.Tests;

public sealed class LoginTests
{
    private const string Warning = "Development CAS server — for development only, never use in production";

    [Fact]
    public async Task Login_without_session_shows_the_sign_in_form()
    {
        await using var cas = await StartAsync();

        using var response = await cas.GetAsync($"/dev-cas/login?service={Uri.EscapeDataString(Service)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var html = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<title>", html);
        Assert.Contains(Warning, html);
        Assert.Contains("<form method=\"post\" action=\"/dev-cas/login\">", html);
        Assert.Contains("name=\"username\"", html);
        Assert.Contains("name=\"password\" type=\"password\"", html);
        Assert.Contains($"<input type=\"hidden\" name=\"service\" value=\"{Service}\">", html);
        AssertNoInlineScriptOrStyle(html);
    }

    [Fact]
    public async Task The_form_names_the_first_ten_configured_users_and_counts_the_rest()
    {
        var users = string.Join(",", Enumerable.Range(0, 12).Select(i => $$"""{ "Username": "user{{i:00}}", "Password": "pw" }"""));
        await using var cas = await StartWithJsonAsync($$"""{ "DevCas": { "Users": [ {{users}} ] } }""");

        using var response = await cas.GetAsync($"/dev-cas/login?service={Uri.EscapeDataString(Service)}");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Configured users (section DevCas:Users): user00, user01, user02, user03, user04, user05, user06, user07, user08, user09 and 2 more</p>", html);
        Assert.DoesNotContain("user10", html);
    }

    [Fact]
    public async Task Login_without_service_is_a_400_page()
    {
        await using var cas = await StartAsync();

        using var response = await cas.GetAsync("/dev-cas/login");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("service missing", html);
        Assert.Contains(Warning, html);
        AssertNoInlineScriptOrStyle(html);
    }

    [Theory]
    [InlineData("https://evil.example/signin-cas")]
    [InlineData("https://portal.example.edu.evil.example/signin-cas")]
    [InlineData("http://portal.example.edu/signin-cas")]
    [InlineData("/signin-cas")]
    [InlineData("//evil.example/")]
    [InlineData("javascript:alert(1)//https://portal.example.edu/")]
    [InlineData("https://portal.example.edu/signin-cas#fragment")]
    [InlineData("https://portal.example.edu/signin-cas\r\nSet-Cookie: x=y")]
    public async Task Login_for_a_service_that_is_not_allowed_is_a_400_page(string service)
    {
        await using var cas = await StartAsync();

        using var get = await cas.GetAsync($"/dev-cas/login?service={Uri.EscapeDataString(service)}");
        using var post = await cas.PostLoginAsync(service, "alice", "alice");

        foreach (var response in new[] { get, post })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("not allowed to use this CAS server", await response.Content.ReadAsStringAsync());
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }
    }

    [Fact]
    public async Task Without_allowed_prefixes_any_http_or_https_service_is_accepted_but_nothing_else()
    {
        await using var cas = await StartAsync(allowedServicePrefixesJson: "[]");

        using var http = await cas.GetAsync($"/dev-cas/login?service={Uri.EscapeDataString("http://localhost:5000/signin-cas")}");
        using var ftp = await cas.GetAsync($"/dev-cas/login?service={Uri.EscapeDataString("ftp://localhost/x")}");

        Assert.Equal(HttpStatusCode.OK, http.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, ftp.StatusCode);
    }

    [Fact]
    public async Task Wrong_password_shows_the_form_again_with_401_and_never_echoes_the_password()
    {
        await using var cas = await StartAsync();

        using var response = await cas.PostLoginAsync(Service, "alice", "Tr0ub4dor&3-not-alice");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("wrong username or password", html);
        Assert.Contains("name=\"username\" value=\"alice\"", html);
        Assert.DoesNotContain("Tr0ub4dor", html);
        Assert.Contains(Warning, html);
    }

    [Fact]
    public async Task Unknown_user_is_refused_like_a_wrong_password()
    {
        await using var cas = await StartAsync();

        using var response = await cas.PostLoginAsync(Service, "mallory", "mallory");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("wrong username or password", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_hostile_username_is_html_encoded_in_the_error_form()
    {
        await using var cas = await StartAsync();
        const string hostile = "\"><script>alert('x')</script><img src=x onerror=alert(1)>";

        using var response = await cas.PostLoginAsync(Service, hostile, "whatever");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        // The attribute is not broken out of, and a browser would show the username exactly as typed.
        var value = Regex.Match(html, "name=\"username\" value=\"([^\"]*)\"");
        Assert.True(value.Success);
        Assert.Equal(hostile, WebUtility.HtmlDecode(value.Groups[1].Value));
    }

    [Theory]
    [InlineData(Service, Service + "?ticket=")]
    [InlineData(Service + "?returnUrl=%2Fcourses%3Fpage%3D2", Service + "?returnUrl=%2Fcourses%3Fpage%3D2&ticket=")]
    public async Task Right_password_redirects_to_the_service_with_a_ticket_appended(string service, string expectedStart)
    {
        await using var cas = await StartAsync();

        using var response = await cas.PostLoginAsync(service, "alice", "alice");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var location = LocationOf(response);
        Assert.StartsWith(expectedStart, location);
        Assert.Matches(new Regex("^ST-[A-Za-z0-9]{32,}-devcas$"), TicketIn(location));
    }

    [Fact]
    public async Task Right_password_sets_an_http_only_lax_ticket_granting_cookie_scoped_to_the_prefix()
    {
        await using var cas = await StartAsync();

        using var response = await cas.PostLoginAsync(Service, "alice", "alice");

        var cookie = TgcCookie(response);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteMode.Lax, cookie.SameSite);
        Assert.Equal("/dev-cas", cookie.Path.Value);
        Assert.True(cookie.Value.Length >= 32);
        Assert.DoesNotContain("alice", cookie.Value.Value);
    }

    [Fact]
    public async Task Tickets_differ_from_one_sign_in_to_the_next()
    {
        await using var cas = await StartAsync();

        var first = await cas.SignInAsync();
        var second = await cas.SignInAsync();

        Assert.NotEqual(first.Ticket, second.Ticket);
        Assert.NotEqual(first.Tgc, second.Tgc);
    }

    [Fact]
    public async Task With_the_ticket_granting_cookie_login_issues_a_ticket_right_away()
    {
        await using var cas = await StartAsync();
        var (_, _, tgc) = await cas.SignInAsync();
        const string otherService = Service + "?returnUrl=%2Fgrades";

        using var response = await cas.GetAsync($"/dev-cas/login?service={Uri.EscapeDataString(otherService)}", tgc);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = LocationOf(response);
        Assert.StartsWith(otherService + "&ticket=ST-", location);
        var answer = await cas.ValidateXmlAsync(otherService, TicketIn(location));
        Assert.Equal("alice", answer.Element(Cas + "user")?.Value);
        Assert.Equal("false", answer.Element(Cas + "attributes")?.Element(Cas + "isFromNewLogin")?.Value);
    }

    [Fact]
    public async Task A_single_sign_on_session_ends_when_its_lifetime_is_over()
    {
        await using var cas = await StartAsync(moreSettingsJson: """ "SessionLifetime": "08:00:00", """);
        var (_, _, tgc) = await cas.SignInAsync();
        var login = $"/dev-cas/login?service={Uri.EscapeDataString(Service)}";

        cas.Time.Advance(TimeSpan.FromHours(8) - TimeSpan.FromSeconds(1));
        using (var justBefore = await cas.GetAsync(login, tgc))
        {
            Assert.Equal(HttpStatusCode.Redirect, justBefore.StatusCode);
        }

        cas.Time.Advance(TimeSpan.FromSeconds(1));
        using var after = await cas.GetAsync(login, tgc);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains("<form", await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Only_the_most_recently_started_sessions_are_kept()
    {
        await using var cas = await StartAsync(moreSettingsJson: """ "MaxSessions": 2, """);
        var (_, _, first) = await cas.SignInAsync(username: "alice");
        var (_, _, second) = await cas.SignInAsync(username: "bob");
        var (_, _, third) = await cas.SignInAsync(username: "carol");
        var login = $"/dev-cas/login?service={Uri.EscapeDataString(Service)}";

        using var forgotten = await cas.GetAsync(login, first);
        using var secondLogin = await cas.GetAsync(login, second);
        using var thirdLogin = await cas.GetAsync(login, third);

        Assert.Equal(HttpStatusCode.OK, forgotten.StatusCode);
        Assert.Contains("<form", await forgotten.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, secondLogin.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, thirdLogin.StatusCode);
    }

    [Fact]
    public async Task An_unknown_ticket_granting_cookie_shows_the_form()
    {
        await using var cas = await StartAsync();

        using var response = await cas.GetAsync($"/dev-cas/login?service={Uri.EscapeDataString(Service)}", "forged-cookie-value");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<form", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Renew_bypasses_single_sign_on_and_shows_the_form()
    {
        await using var cas = await StartAsync();
        var (_, _, tgc) = await cas.SignInAsync();

        using var response = await cas.GetAsync($"/dev-cas/login?service={Uri.EscapeDataString(Service)}&renew=true", tgc);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<form", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Gateway_without_session_redirects_to_the_service_without_a_ticket()
    {
        await using var cas = await StartAsync();

        using var response = await cas.GetAsync($"/dev-cas/login?service={Uri.EscapeDataString(Service)}&gateway=true");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(Service, LocationOf(response));
    }

    [Fact]
    public async Task Gateway_with_session_issues_a_ticket()
    {
        await using var cas = await StartAsync();
        var (_, _, tgc) = await cas.SignInAsync();

        using var response = await cas.GetAsync($"/dev-cas/login?service={Uri.EscapeDataString(Service)}&gateway=true", tgc);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(Service + "?ticket=ST-", LocationOf(response));
    }

    [Fact]
    public async Task A_post_that_is_not_a_form_is_a_400()
    {
        await using var cas = await StartAsync();

        using var response = await cas.Client.PostAsync("/dev-cas/login", new StringContent("{}", null, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    internal static void AssertNoInlineScriptOrStyle(string html)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
    }
}
