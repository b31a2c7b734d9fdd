using System.Net;
using System.Text.RegularExpressions;
using static CasPortal.DevCas.Tests.DevCasTestHost;

namespace CasPortal.DevCas.Tests;

/// <summary><c>method=POST</c> (CAS 3.0): the ticket reaches the service by a form post instead of a redirect.</summary>
public sealed class LoginPostMethodTests
{
    private const string Warning = "Development CAS server — for development only, never use in production";

    [Fact]
    public async Task Signing_in_with_method_POST_answers_a_page_that_posts_the_ticket_to_the_service()
    {
        await using var cas = await StartAsync();

        using var response = await PostLoginAsync(cas, Service, method: "POST");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Location"));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(TgcCookie(response));
        var html = await response.Content.ReadAsStringAsync();
        var ticket = AssertTicketForm(html, Service);
        // The ticket is a good one, for that service.
        Assert.Equal("alice", (await cas.ValidateXmlAsync(Service, ticket)).Element(Cas + "user")?.Value);
    }

    [Fact]
    public async Task Single_sign_on_with_method_POST_answers_the_page_and_encodes_the_service()
    {
        await using var cas = await StartAsync();
        var (_, _, tgc) = await cas.SignInAsync();
        const string service = Service + "?returnUrl=%2Fgrades&x=\"<b>";

        using var response = await cas.GetAsync(
            $"/dev-cas/login?service={Uri.EscapeDataString(service)}&method=post", tgc);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<b>", html);
        var ticket = AssertTicketForm(html, service);
        Assert.Equal("false", (await cas.ValidateXmlAsync(service, ticket)).Element(Cas + "attributes")?.Element(Cas + "isFromNewLogin")?.Value);
    }

    [Fact]
    public async Task The_sign_in_form_carries_method_POST_through_to_the_form_post()
    {
        await using var cas = await StartAsync();

        using var form = await cas.GetAsync($"/dev-cas/login?service={Uri.EscapeDataString(Service)}&method=POST");
        var html = await form.Content.ReadAsStringAsync();

        Assert.Contains("<input type=\"hidden\" name=\"method\" value=\"POST\">", html);
        using var wrong = await PostLoginAsync(cas, Service, method: "POST", password: "wrong");
        Assert.Contains("<input type=\"hidden\" name=\"method\" value=\"POST\">", await wrong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_method_POST_the_form_has_no_method_field()
    {
        await using var cas = await StartAsync();

        using var form = await cas.GetAsync($"/dev-cas/login?service={Uri.EscapeDataString(Service)}");

        Assert.DoesNotContain("name=\"method\"", await form.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEADER")]
    public async Task Other_methods_redirect_as_usual(string method)
    {
        await using var cas = await StartAsync();

        using var response = await PostLoginAsync(cas, Service, method);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(Service + "?ticket=ST-", LocationOf(response));
    }

    [Fact]
    public async Task Gateway_with_method_POST_and_no_session_redirects_without_a_ticket()
    {
        await using var cas = await StartAsync();

        using var response = await cas.GetAsync($"/dev-cas/login?service={Uri.EscapeDataString(Service)}&gateway=true&method=POST");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(Service, LocationOf(response));
    }

    [Fact]
    public async Task Renew_with_method_POST_shows_the_form_even_with_a_session()
    {
        await using var cas = await StartAsync();
        var (_, _, tgc) = await cas.SignInAsync();

        using var response = await cas.GetAsync($"/dev-cas/login?service={Uri.EscapeDataString(Service)}&renew=true&method=POST", tgc);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("name=\"password\"", html);
        Assert.Contains("name=\"method\" value=\"POST\"", html);
    }

    private static async Task<HttpResponseMessage> PostLoginAsync(
        DevCasTestHost cas, string service, string method, string password = "alice")
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["service"] = service,
            ["username"] = "alice",
            ["password"] = password,
            ["method"] = method,
        });
        return await cas.Client.PostAsync("/dev-cas/login", content);
    }

    // One post form to the service, its only fields a hidden ticket and a submit button; no script, no style.
    private static string AssertTicketForm(string html, string service)
    {
        Assert.Contains(Warning, html);
        LoginTests.AssertNoInlineScriptOrStyle(html);
        var form = Assert.Single(Regex.Matches(html, "<form method=\"post\" action=\"([^\"]*)\">(.*?)</form>", RegexOptions.Singleline));
        Assert.Equal(service, WebUtility.HtmlDecode(form.Groups[1].Value));
        var fields = Regex.Matches(form.Groups[2].Value, "<input [^>]*>").Select(m => m.Value).ToList();
        var ticketField = Assert.Single(fields);
        var ticket = Regex.Match(ticketField, "^<input type=\"hidden\" name=\"ticket\" value=\"([^\"]*)\">$");
        Assert.True(ticket.Success, ticketField);
        Assert.Contains("<button type=\"submit\">Continue to the application</button>", form.Groups[2].Value);
        var value = WebUtility.HtmlDecode(ticket.Groups[1].Value);
        Assert.Matches("^ST-[A-Za-z0-9]{32,}-devcas$", value);
        return value;
    }
}
