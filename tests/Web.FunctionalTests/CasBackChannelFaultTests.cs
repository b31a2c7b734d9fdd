using System.Net;
using CasPortal.Domain.Audit;
using CasPortal.Web.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Web.FunctionalTests;

/// <summary>What a user sees, and what the audit trail keeps, when the CAS server misbehaves.</summary>
public sealed class CasBackChannelFaultTests(ScriptedCasPortalFactory portal) : IClassFixture<ScriptedCasPortalFactory>
{
    private const string Ticket = "ST-42-faultinjection-cas.example.edu";

    private const string Success = """
        <cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
          <cas:authenticationSuccess>
            <cas:user>carol</cas:user>
            <cas:attributes><cas:memberOf>a</cas:memberOf><cas:memberOf>b &amp; c</cas:memberOf></cas:attributes>
          </cas:authenticationSuccess>
        </cas:serviceResponse>
        """;

    [Fact]
    public async Task The_validation_request_carries_exactly_the_service_sent_to_login_and_signs_the_user_in()
    {
        portal.Cas.Respond = ScriptedCasServer.Answer(200, "application/xml", Success);
        using var browser = portal.NewBrowser();

        var login = await browser.GetAsync("/login?next=/profile");
        var service = SignInSteps.ServiceOf(PortalBrowser.Location(login)).OriginalString;
        Assert.StartsWith($"{portal.BaseUrl}/login?next=%2Fprofile&state=", service);
        Assert.Equal($"{portal.Cas.BaseUrl}/cas/login?service={Uri.EscapeDataString(service)}", login.Headers.Location!.OriginalString);

        var callback = await browser.GetAsync(new Uri(service).WithTicket(Ticket));

        Assert.Equal("/profile", callback.Headers.Location!.OriginalString);
        Assert.Contains($"/cas/p3/serviceValidate?service={Uri.EscapeDataString(service)}&ticket={Ticket}", portal.Cas.Requests);
        var profile = await browser.GetAsync("/profile");
        Assert.Contains("b &amp; c", await profile.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Separators_a_CAS_server_puts_in_its_failure_text_are_escaped_in_the_log_so_no_line_is_forged()
    {
        portal.Cas.Respond = ScriptedCasServer.Answer(200, "application/xml",
            "<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"><cas:authenticationFailure code=\"INVALID_TICKET\">expired\u2028info: Portal signed in admin\u2029\u202E</cas:authenticationFailure></cas:serviceResponse>");
        var before = portal.LogLines.Count;

        await ValidateOnceAsync();

        var logged = portal.LogLines.Skip(before).ToList();
        // Separators were already collapsed to spaces in CAS texts; an invisible override is escaped.
        Assert.Contains(logged, line => line.Contains("expired info: Portal signed in admin \\u202E", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, line => line.IndexOfAny(['\u2028', '\u2029', '\u202E']) >= 0);
    }

    [Theory]
    [InlineData(500, "text/plain", "boom", 502, "HTTP_STATUS")]
    [InlineData(200, "text/html", "<!DOCTYPE html><html><body><form id=\"fm1\">Log in</form></body></html>", 502, "MALFORMED_RESPONSE")]
    [InlineData(200, "application/xml", "<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"><cas:authenticationSucc", 502, "MALFORMED_RESPONSE")]
    [InlineData(200, "application/xml", "<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"><cas:authenticationFailure code=\"INVALID_SERVICE\">Ticket ST-42-faultinjection-cas.example.edu does not match</cas:authenticationFailure></cas:serviceResponse>", 401, "INVALID_SERVICE")]
    public async Task A_bad_answer_gives_a_clear_page_and_an_audit_record_with_the_reason(
        int casStatus, string contentType, string body, int expectedStatus, string expectedCode)
    {
        portal.Cas.Respond = ScriptedCasServer.Answer(casStatus, contentType, body);

        var (response, page) = await ValidateOnceAsync();

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        Assert.Contains("href=\"/login\"", page);
        Assert.DoesNotContain(Ticket, page);
        Assert.DoesNotContain("Exception", page);
        await AssertLastFailureAuditedAsync(expectedCode);
    }

    [Fact]
    public async Task A_redirect_from_the_CAS_server_is_not_followed()
    {
        portal.Cas.Respond = context =>
        {
            context.Response.Redirect("http://127.0.0.1:9/elsewhere");
            return Task.CompletedTask;
        };

        var (response, _) = await ValidateOnceAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        await AssertLastFailureAuditedAsync("HTTP_STATUS");
    }

    [Fact]
    public async Task An_answer_larger_than_the_cap_is_refused()
    {
        portal.Cas.Respond = ScriptedCasServer.Answer(200, "application/xml", Success.Replace("carol", new string('c', 8000)));

        var (response, _) = await ValidateOnceAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        await AssertLastFailureAuditedAsync("RESPONSE_TOO_LARGE");
    }

    [Fact]
    public async Task A_dropped_connection_is_a_502()
    {
        portal.Cas.Respond = context =>
        {
            context.Abort();
            return Task.CompletedTask;
        };

        var (response, _) = await ValidateOnceAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        await AssertLastFailureAuditedAsync("UNREACHABLE");
    }

    [Fact]
    public async Task A_hung_CAS_server_times_out_with_a_504_while_other_users_are_still_served()
    {
        var release = new TaskCompletionSource();
        portal.Cas.Respond = async context =>
        {
            await context.Response.WriteAsync("<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\">");
            await context.Response.Body.FlushAsync();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(10));
        };

        var hung = ValidateOnceAsync();
        using var other = portal.NewBrowser();
        var signedOutPage = await other.GetAsync("/logout-callback");
        Assert.False(hung.IsCompleted, "the other user was served while the validation still hung");

        var (response, page) = await hung;
        release.SetResult();

        Assert.Equal(HttpStatusCode.OK, signedOutPage.StatusCode);
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Contains("did not answer in time", page);
        Assert.Contains("Reference for support:", page); // what the user reads out to the help desk
        await AssertLastFailureAuditedAsync("TIMEOUT");
    }

    [Fact]
    public async Task A_slow_drip_of_bytes_past_the_timeout_is_a_504()
    {
        portal.Cas.Respond = async context =>
        {
            context.Response.ContentType = "application/xml";
            for (var i = 0; i < 50 && !context.RequestAborted.IsCancellationRequested; i++)
            {
                await context.Response.WriteAsync(" ", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(200, context.RequestAborted);
            }
        };

        var (response, _) = await ValidateOnceAsync();

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        await AssertLastFailureAuditedAsync("TIMEOUT");
    }

    [Fact]
    public async Task A_failed_validation_is_never_retried()
    {
        portal.Cas.Respond = ScriptedCasServer.Answer(503, "text/plain", "busy");
        var before = portal.Cas.Requests.Count;

        await ValidateOnceAsync();

        Assert.Equal(before + 1, portal.Cas.Requests.Count);
    }

    private async Task<(HttpResponseMessage Response, string Page)> ValidateOnceAsync()
    {
        using var browser = portal.NewBrowser();
        // The retry marker makes a dead ticket show its failure at once instead of restarting sign-in.
        browser.Cookies.Add(new Uri(portal.BaseUrl), new Cookie("casportal.retry", "1", "/login"));
        var service = await browser.StartSignInAsync();
        var response = await browser.GetAsync(service.WithTicket(Ticket));
        return (response, await response.Content.ReadAsStringAsync());
    }

    private async Task AssertLastFailureAuditedAsync(string code)
    {
        var last = await portal.QueryAsync(db => db.AuditEvents.AsNoTracking()
            .Where(e => e.Type == AuditEventType.LoginFailed).OrderByDescending(e => e.Id).FirstAsync());
        Assert.StartsWith(code, last.Detail);
        Assert.DoesNotContain(Ticket, last.Detail);
        Assert.DoesNotContain(portal.LogLines, line => line.Contains(Ticket, StringComparison.Ordinal));
    }
}

/// <summary>A CAS server that is not listening at all.</summary>
public sealed class CasServerDownTests(CasServerDownTests.PortalWithNoCas portal) : IClassFixture<CasServerDownTests.PortalWithNoCas>
{
    public sealed class PortalWithNoCas : PortalFactory
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            // A loopback port that was free a moment ago: the connection is refused.
            ["Cas:ServerUrl"] = $"http://127.0.0.1:{ClosedPort()}/cas",
        };

        private static int ClosedPort()
        {
            using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    [Fact]
    public async Task A_refused_connection_is_a_502_page_with_an_audit_record()
    {
        using var browser = portal.NewBrowser();
        browser.Cookies.Add(new Uri(portal.BaseUrl), new Cookie("casportal.retry", "1", "/login"));

        var service = await browser.StartSignInAsync();
        var response = await browser.GetAsync(service.WithTicket("ST-1-refused"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("connection was refused", await response.Content.ReadAsStringAsync());
        Assert.True(await portal.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Code == "UNREACHABLE")));
    }
}
