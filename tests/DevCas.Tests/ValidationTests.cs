using System.Globalization;
using System.Net;
using System.Xml.Linq;
using static CasPortal.DevCas.Tests.DevCasTestHost;

namespace CasPortal.DevCas.Tests;

public sealed class ValidationTests
{
    [Fact]
    public async Task Cas1_validate_answers_yes_and_the_user()
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();

        using var response = await cas.Client.GetAsync(ValidationUrl("validate", Service, ticket));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("yes\nalice\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cas1_validate_answers_no_for_a_used_ticket()
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();
        (await cas.Client.GetAsync(ValidationUrl("validate", Service, ticket))).Dispose();

        using var response = await cas.Client.GetAsync(ValidationUrl("validate", Service, ticket));

        Assert.Equal("no\n\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cas2_serviceValidate_answers_the_user_only()
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync(username: "bob");

        var answer = await cas.ValidateXmlAsync(Service, ticket, endpoint: "serviceValidate");

        Assert.Equal(Cas + "authenticationSuccess", answer.Name);
        Assert.Equal("bob", answer.Element(Cas + "user")?.Value);
        Assert.Null(answer.Element(Cas + "attributes"));
    }

    [Fact]
    public async Task Cas3_serviceValidate_answers_the_user_and_attributes_with_repeated_elements_for_multiple_values()
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();

        var answer = await cas.ValidateXmlAsync(Service, ticket);

        Assert.Equal(Cas + "authenticationSuccess", answer.Name);
        Assert.Equal("alice", answer.Element(Cas + "user")?.Value);
        var attributes = answer.Element(Cas + "attributes")!;
        Assert.Equal(
            ["cn=portal-admins,ou=groups,dc=example,dc=edu", "cn=staff,ou=groups,dc=example,dc=edu"],
            attributes.Elements(Cas + "memberOf").Select(e => e.Value));
        Assert.Equal("Alice Liddell", Assert.Single(attributes.Elements(Cas + "displayName")).Value);
        Assert.Equal("alice@example.edu", Assert.Single(attributes.Elements(Cas + "mail")).Value);
        Assert.Equal("true", attributes.Element(Cas + "isFromNewLogin")?.Value);
        Assert.Equal("false", attributes.Element(Cas + "longTermAuthenticationRequestTokenUsed")?.Value);
        var authenticationDate = attributes.Element(Cas + "authenticationDate")!.Value;
        Assert.EndsWith("Z", authenticationDate);
        Assert.Equal(
            cas.Time.GetUtcNow(),
            DateTimeOffset.Parse(authenticationDate, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
    }

    [Fact]
    public async Task Attribute_values_with_markup_characters_arrive_intact()
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync(username: "carol");

        var answer = await cas.ValidateXmlAsync(Service, ticket);

        Assert.Equal(
            "Carol & Co <IT> \"quoted\" ]]>",
            answer.Element(Cas + "attributes")?.Element(Cas + "displayName")?.Value);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("serviceValidate")]
    [InlineData("p3/serviceValidate")]
    public async Task Every_endpoint_accepts_a_ticket_only_once(string endpoint)
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();
        (await cas.Client.GetAsync(ValidationUrl(endpoint, Service, ticket))).Dispose();

        var answer = await cas.ValidateXmlAsync(Service, ticket);

        AssertFailure(answer, "INVALID_TICKET", ticket);
    }

    [Theory]
    [InlineData(null, "ST-abc")]
    [InlineData(Service, null)]
    [InlineData("", "ST-abc")]
    [InlineData(null, null)]
    public async Task Missing_service_or_ticket_is_INVALID_REQUEST(string? service, string? ticket)
    {
        await using var cas = await StartAsync();

        foreach (var endpoint in new[] { "serviceValidate", "p3/serviceValidate" })
        {
            AssertFailure(await cas.ValidateXmlAsync(service, ticket, endpoint: endpoint), "INVALID_REQUEST", ticket);
        }
    }

    [Fact]
    public async Task A_validation_attempt_without_service_still_consumes_the_ticket()
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();

        AssertFailure(await cas.ValidateXmlAsync(null, ticket), "INVALID_REQUEST", ticket);

        AssertFailure(await cas.ValidateXmlAsync(Service, ticket), "INVALID_TICKET", ticket);
    }

    [Theory]
    [InlineData("PT-1-abcdefghijklmnopqrstuvwxyz123456")]
    [InlineData("TGT-1-abcdefghijklmnopqrstuvwxyz123456")]
    [InlineData("st-lowercase")]
    public async Task A_ticket_that_is_not_a_service_ticket_is_INVALID_TICKET_SPEC(string ticket)
    {
        await using var cas = await StartAsync();

        AssertFailure(await cas.ValidateXmlAsync(Service, ticket), "INVALID_TICKET_SPEC", ticket);
    }

    [Fact]
    public async Task An_unknown_service_ticket_is_INVALID_TICKET()
    {
        await using var cas = await StartAsync();
        const string ticket = "ST-ThisTicketWasNeverIssuedByTheServer0-devcas";

        AssertFailure(await cas.ValidateXmlAsync(Service, ticket), "INVALID_TICKET", ticket);
    }

    [Fact]
    public async Task An_expired_ticket_is_INVALID_TICKET()
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();

        cas.Time.Advance(TimeSpan.FromSeconds(60));

        AssertFailure(await cas.ValidateXmlAsync(Service, ticket), "INVALID_TICKET", ticket);
    }

    [Fact]
    public async Task A_ticket_just_within_its_lifetime_is_accepted()
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();

        cas.Time.Advance(TimeSpan.FromSeconds(59));

        Assert.Equal(Cas + "authenticationSuccess", (await cas.ValidateXmlAsync(Service, ticket)).Name);
    }

    [Theory]
    [InlineData("https://portal.example.edu/signin-cas?returnUrl=/home", "https://portal.example.edu/signin-cas?returnUrl=%2Fhome")]
    [InlineData(Service, "https://portal.example.edu/signin-cas/")]
    [InlineData(Service, "https://PORTAL.example.edu/signin-cas")]
    [InlineData(Service, "https://other.example.edu/signin-cas")]
    public async Task A_different_service_string_is_INVALID_SERVICE_and_the_ticket_is_dead_afterwards(string issuedFor, string validatedFor)
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync(issuedFor);

        AssertFailure(await cas.ValidateXmlAsync(validatedFor, ticket), "INVALID_SERVICE", ticket);

        AssertFailure(await cas.ValidateXmlAsync(issuedFor, ticket), "INVALID_TICKET", ticket);
    }

    [Fact]
    public async Task Renew_with_a_ticket_from_single_sign_on_is_INVALID_TICKET()
    {
        await using var cas = await StartAsync();
        var (_, _, tgc) = await cas.SignInAsync();
        using var sso = await cas.GetAsync($"/dev-cas/login?service={Uri.EscapeDataString(Service)}", tgc);
        var ticket = TicketIn(LocationOf(sso));

        AssertFailure(await cas.ValidateXmlAsync(Service, ticket, renew: true), "INVALID_TICKET", ticket);
    }

    [Fact]
    public async Task Renew_with_a_ticket_from_a_fresh_login_succeeds()
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();

        var answer = await cas.ValidateXmlAsync(Service, ticket, renew: true);

        Assert.Equal("alice", answer.Element(Cas + "user")?.Value);
    }

    [Fact]
    public async Task Renew_on_cas1_validate_refuses_a_single_sign_on_ticket()
    {
        await using var cas = await StartAsync();
        var (_, _, tgc) = await cas.SignInAsync();
        using var sso = await cas.GetAsync($"/dev-cas/login?service={Uri.EscapeDataString(Service)}", tgc);

        using var response = await cas.Client.GetAsync(ValidationUrl("validate", Service, TicketIn(LocationOf(sso)), renew: true));

        Assert.Equal("no\n\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Concurrent_validations_of_one_ticket_succeed_exactly_once()
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => cas.ValidateXmlAsync(Service, ticket)));

        Assert.Single(answers, a => a.Name == Cas + "authenticationSuccess");
    }

    private static void AssertFailure(XElement answer, string code, string? ticket)
    {
        Assert.Equal(Cas + "authenticationFailure", answer.Name);
        Assert.Equal(code, answer.Attribute("code")?.Value);
        Assert.False(string.IsNullOrWhiteSpace(answer.Value));
        Assert.Empty(answer.Elements());
        if (!string.IsNullOrEmpty(ticket))
        {
            Assert.DoesNotContain(ticket, answer.Value);
        }
    }
}
