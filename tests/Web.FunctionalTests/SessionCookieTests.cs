using System.Net;
using CasPortal.Domain.Sessions;
using Microsoft.AspNetCore.Authentication;
using CasPortal.Web.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CasPortal.Web.FunctionalTests;

/// <summary>The session cookie carries the session id alone; the database knows it only by its hash.</summary>
public sealed class SessionCookieTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_cookie_holds_the_session_id_whose_hash_keys_the_session_row_and_nothing_else()
    {
        using var browser = portal.NewBrowser();
        await browser.SignInAsync("bob", "bob");

        var cookie = browser.Cookies.GetCookies(new Uri(portal.BaseUrl)).Single(c => c.Name == "casportal.session").Value;

        Assert.Matches("^[A-Za-z0-9_-]{43}$", cookie);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CasPortal.Infrastructure.Persistence.PortalDbContext>();
        var row = await db.Sessions.SingleAsync(s => s.IdHash == PortalSession.HashOfId(cookie));
        Assert.Equal("bob", row.Username);
        Assert.False(await db.Sessions.AnyAsync(s => s.IdHash == cookie || s.Reference == cookie));
    }

    [Theory]
    [InlineData("changed")] // one character of a live cookie changed
    [InlineData("CfDJ8ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_ABCDEFGHIJKLMNOPQRSTUVWXYZ")] // another format
    [InlineData("not a session id")]
    public async Task Any_other_cookie_value_leaves_the_browser_signed_out_without_an_error(string value)
    {
        using var browser = portal.NewBrowser();
        await browser.SignInAsync("bob", "bob");
        var live = browser.Cookies.GetCookies(new Uri(portal.BaseUrl)).Single(c => c.Name == "casportal.session").Value;
        var sent = value == "changed" ? (live[0] == 'A' ? "B" : "A") + live[1..] : value;

        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(portal.BaseUrl) };
        var profile = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/profile") { Headers = { { "Cookie", $"casportal.session={Uri.EscapeDataString(sent)}" } } });

        Assert.Equal(HttpStatusCode.Found, profile.StatusCode);
        Assert.Equal("/login?next=%2Fprofile", profile.Headers.Location!.OriginalString);
    }

    [Fact]
    public void The_format_gives_back_exactly_the_id_it_was_given()
    {
        var format = new SessionCookieFormat();
        var id = PortalSession.NewId();
        var signIn = new AuthenticationTicket(
            new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [new System.Security.Claims.Claim("Microsoft.AspNetCore.Authentication.Cookies-SessionId", id)])), SessionPrincipal.Scheme);

        var cookie = format.Protect(signIn);

        Assert.Equal(id, cookie);
        Assert.Equal(id, format.Unprotect(cookie)!.Principal.FindFirst("Microsoft.AspNetCore.Authentication.Cookies-SessionId")!.Value);
        Assert.Null(format.Unprotect(null));
        Assert.Null(format.Unprotect(id[..42]));
        Assert.Null(format.Unprotect(id[..42] + "="));
    }
}
