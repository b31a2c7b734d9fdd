using System.Net;
using CasPortal.Domain.Audit;
using CasPortal.Web.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Web.FunctionalTests;

public sealed class HostileInputTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    public static TheoryData<string> OpenRedirectValues() =>
    [
        "//evil.com", "///evil.com", "////evil.com", "/\\evil.com", "\\\\evil.com", "\\/evil.com", "/\\/evil.com",
        "https://evil.com", "http://evil.com/profile", "HTTPS://EVIL.COM", "https:evil.com", "https:/evil.com", "//evil.com/%2F..",
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)", "evil.com", "@evil.com", "/%2F%2Fevil.com", "%2F%2Fevil.com", "/%5Cevil.com", "/%5C%5Cevil.com",
        "/%252F%252Fevil.com", "/%25252F/evil.com", "%2f%2fevil.com", "/%0d%0aLocation:%20https://evil.com", "/\r\nSet-Cookie:x=1",
        "/\t/evil.com", "/%09/evil.com", "/\u0000/evil.com", "/ /evil.com", "//evil.com@portal", "/" + new string('a', 3000),
    ];

    [Theory]
    [MemberData(nameof(OpenRedirectValues))]
    public async Task A_return_address_off_the_portal_lands_on_the_profile(string next)
    {
        using var browser = portal.NewBrowser();

        var page = await browser.SignInAsync(start: "/login?next=" + Uri.EscapeDataString(next));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(new Uri(portal.BaseUrl).Authority, page.RequestMessage!.RequestUri!.Authority);
        Assert.Equal("/profile", page.RequestMessage.RequestUri.AbsolutePath);
        Assert.All(browser.History, url => Assert.Equal(new Uri(portal.BaseUrl).Authority, url.Authority));
    }

    [Fact]
    public async Task A_local_return_address_with_a_query_survives_the_round_trip()
    {
        using var browser = portal.NewBrowser();

        await browser.SignInAsync(start: "/login?next=" + Uri.EscapeDataString("/profile?tab=groups&x=1"));

        Assert.Equal("/profile?tab=groups&x=1", browser.History.Last().PathAndQuery);
    }

    [Theory]
    [InlineData("%2F%C3%A9", "/%C3%A9")]
    [InlineData("%2F%E3%80%82", "/%E3%80%82")]
    [InlineData("%2Fa%EF%BC%8Fb", "/a%EF%BC%8Fb")]
    [InlineData("%2F%EF%BC%8Fevil.com", "/profile")]
    public async Task A_non_ASCII_return_address_signs_in_with_a_cookie_and_lands_percent_encoded(string next, string landing)
    {
        using var browser = portal.NewBrowser();
        var activeBefore = await ActiveSessionCountAsync();

        await browser.SignInAsync(start: "/login?next=" + next);

        var callback = browser.History.FindIndex(url => url.Query.Contains("ticket=", StringComparison.Ordinal));
        Assert.Equal(landing, browser.History[callback + 1].PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/profile")).StatusCode);
        Assert.Equal(activeBefore + 1, await ActiveSessionCountAsync());
    }

    [Fact]
    public async Task A_replayed_ticket_sends_the_browser_to_sign_in_again_once_and_never_loops()
    {
        using var first = portal.NewBrowser();
        await first.SignInAsync(start: "/login?next=/profile");
        var usedTicketUrl = first.TicketCallback().PathAndQuery;

        // Another browser (no CAS single sign-on) that started a sign-in gets the used ticket twice, as a refresh and
        // a back button would bring it.
        using var second = portal.NewBrowser();
        var usedTicket = PortalTestUrls.Ticket(usedTicketUrl);
        var replay = await second.GetAsync((await second.StartSignInAsync("/login?next=/profile")).WithTicket(usedTicket));
        Assert.Equal(HttpStatusCode.Found, replay.StatusCode);
        Assert.Equal("/login?next=%2Fprofile", replay.Headers.Location!.OriginalString);
        var casForm = await second.FollowAsync(replay);
        Assert.Equal("/dev-cas/login", casForm.RequestMessage!.RequestUri!.AbsolutePath);

        var secondReplay = await second.GetAsync(SignInSteps.ServiceOf(casForm.RequestMessage.RequestUri).WithTicket(usedTicket));

        Assert.Equal(HttpStatusCode.Unauthorized, secondReplay.StatusCode);
        var body = await secondReplay.Content.ReadAsStringAsync();
        Assert.Contains("expired or was already used", body);
        Assert.Contains("href=\"/login\"", body);
        Assert.DoesNotContain(PortalTestUrls.Ticket(usedTicketUrl), body);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bogus")]
    [InlineData("TGT-1-abc")]
    [InlineData("ST-1&service=https://evil.example/")]
    [InlineData("ST-ünïcødé")]
    [InlineData("ST-1\r\nSet-Cookie: x=1")]
    public async Task A_malformed_ticket_gets_a_clear_400_page_never_reaches_CAS_and_is_audited(string ticket)
    {
        using var browser = portal.NewBrowser();
        var before = await RejectedCountAsync();

        var response = await browser.GetAsync("/login?ticket=" + Uri.EscapeDataString(ticket));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("ticket", body);
        Assert.DoesNotContain("Exception", body);
        if (ticket.Length > 3)
        {
            Assert.DoesNotContain(ticket, body);
        }

        Assert.Equal(before + 1, await RejectedCountAsync());
        Assert.DoesNotContain(portal.LogLines, line => ticket.Length > 3 && line.Contains(ticket, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(5_000, HttpStatusCode.BadRequest)]
    // Past Kestrel's 8 KB request line the server refuses it before the app sees it.
    [InlineData(10_000, HttpStatusCode.RequestUriTooLong)]
    public async Task An_oversized_ticket_is_refused_before_any_network_call(int length, HttpStatusCode expected)
    {
        using var browser = portal.NewBrowser();
        var failuresBefore = await portal.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Type == AuditEventType.LoginFailed));

        var response = await browser.GetAsync("/login?ticket=ST-" + new string('a', length));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(failuresBefore, await portal.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Type == AuditEventType.LoginFailed)));
    }

    [Fact]
    public async Task A_well_formed_ticket_the_server_never_issued_is_refused_and_audited_with_the_CAS_code()
    {
        using var browser = portal.NewBrowser();

        var restart = await browser.GetAsync((await browser.StartSignInAsync()).WithTicket("ST-never-issued-by-anyone"));
        var refused = await browser.GetAsync((await browser.StartSignInAsync()).WithTicket("ST-never-issued-by-anyone"));

        Assert.Equal(HttpStatusCode.Found, restart.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var failures = await portal.QueryAsync(db => db.AuditEvents.AsNoTracking()
            .Where(e => e.Type == AuditEventType.LoginFailed).Select(e => e.Detail).ToListAsync());
        Assert.Contains(failures, d => d!.StartsWith("INVALID_TICKET", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, d => d!.Contains("ST-never", StringComparison.Ordinal));
    }

    public static TheoryData<string, HttpContent> RefusedPosts() => new()
    {
        { "too many fields", new FormUrlEncodedContent(Enumerable.Range(0, 40).Select(i => KeyValuePair.Create($"f{i}", "x"))) },
        { "over 1 MB", new FormUrlEncodedContent([KeyValuePair.Create("logoutRequest", new string('x', 1_100_000))]) },
    };

    [Theory]
    [MemberData(nameof(RefusedPosts))]
    public async Task An_anonymous_post_over_the_limits_logs_one_warning_line_and_no_stack_trace(string why, HttpContent body)
    {
        using var browser = portal.NewBrowser();
        var before = portal.LogLines.Count;

        var answer = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/login?case=" + Uri.EscapeDataString(why)) { Content = body });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        Assert.Contains("That request could not be accepted", await answer.Content.ReadAsStringAsync());
        var logged = portal.LogLines.Skip(before).ToList();
        Assert.Single(logged, line => line.StartsWith("Warning ", StringComparison.Ordinal) && line.Contains("Request refused (413", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, line => line.StartsWith("Error ", StringComparison.Ordinal) || line.StartsWith("Critical ", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, line => line.Contains("   at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Oversized_headers_get_a_4xx_and_the_portal_keeps_serving()
    {
        using var browser = portal.NewBrowser();
        var request = new HttpRequestMessage(HttpMethod.Get, "/login");
        request.Headers.Add("X-Padding", new string('x', 64 * 1024));

        var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/login")).StatusCode);
    }

    [Fact]
    public async Task An_oversized_query_string_gets_a_4xx()
    {
        using var browser = portal.NewBrowser();

        var response = await browser.GetAsync("/login?next=/" + new string('a', 20_000));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
    }

    private Task<int> ActiveSessionCountAsync() =>
        portal.QueryAsync(db => db.Sessions.CountAsync(s => s.EndedAt == null));

    private Task<int> RejectedCountAsync() =>
        portal.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Type == AuditEventType.RequestRejected));
}

internal static class PortalTestUrls
{
    public static string Ticket(string pathAndQuery) =>
        SignInJourneyTests.Query(new Uri(new Uri("http://x"), pathAndQuery), "ticket");
}
