using System.Globalization;
using System.Net;
using System.Text.Json;
using static CasPortal.DevCas.Tests.DevCasTestHost;

namespace CasPortal.DevCas.Tests;

public sealed class JsonValidationTests
{
    [Theory]
    [InlineData("p3/serviceValidate", "JSON")]
    [InlineData("p3/proxyValidate", "JSON")]
    [InlineData("p3/serviceValidate", "json")]
    public async Task Format_JSON_answers_the_user_and_every_attribute_as_an_array(string endpoint, string format)
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();

        using var response = await cas.Client.GetAsync(ValidationUrl(endpoint, Service, ticket) + "&format=" + format);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var success = document.RootElement.GetProperty("serviceResponse").GetProperty("authenticationSuccess");
        Assert.Equal("alice", success.GetProperty("user").GetString());
        var attributes = success.GetProperty("attributes");
        Assert.Equal(
            ["cn=portal-admins,ou=groups,dc=example,dc=edu", "cn=staff,ou=groups,dc=example,dc=edu"],
            attributes.GetProperty("memberOf").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["alice@example.edu"], attributes.GetProperty("mail").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["Alice Liddell"], attributes.GetProperty("displayName").EnumerateArray().Select(v => v.GetString()));
        Assert.True(Assert.Single(attributes.GetProperty("isFromNewLogin").EnumerateArray()).GetBoolean());
        Assert.False(Assert.Single(attributes.GetProperty("longTermAuthenticationRequestTokenUsed").EnumerateArray()).GetBoolean());
        Assert.Equal(
            cas.Time.GetUtcNow(),
            DateTimeOffset.Parse(
                Assert.Single(attributes.GetProperty("authenticationDate").EnumerateArray()).GetString()!,
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
        // A service ticket has no proxy chain, and no PGT was asked for.
        Assert.False(success.TryGetProperty("proxies", out _));
        Assert.False(success.TryGetProperty("proxyGrantingTicket", out _));
    }

    [Fact]
    public async Task Attribute_values_with_markup_and_quotes_arrive_intact_in_JSON()
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync(username: "carol");

        var (name, answer) = await cas.ValidateJsonAsync(Service, ticket);

        Assert.Equal("authenticationSuccess", name);
        Assert.Equal(
            "Carol & Co <IT> \"quoted\" ]]>",
            Assert.Single(answer.GetProperty("attributes").GetProperty("displayName").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task A_used_ticket_is_a_JSON_authenticationFailure_with_code_and_description_without_the_ticket()
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();
        await cas.ValidateJsonAsync(Service, ticket);

        var (name, failure) = await cas.ValidateJsonAsync(Service, ticket);

        Assert.Equal("authenticationFailure", name);
        Assert.Equal("INVALID_TICKET", failure.GetProperty("code").GetString());
        var description = failure.GetProperty("description").GetString();
        Assert.False(string.IsNullOrWhiteSpace(description));
        Assert.DoesNotContain(ticket, description);
        Assert.Equal(["code", "description"], failure.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData(null, "ST-abc", "INVALID_REQUEST")]
    [InlineData(Service, "PT-NotAServiceTicket", "INVALID_TICKET_SPEC")]
    [InlineData(Service, "ST-NeverIssuedByThisServer-devcas", "INVALID_TICKET")]
    public async Task Failures_carry_their_code_in_JSON(string? service, string ticket, string code)
    {
        await using var cas = await StartAsync();

        var (name, failure) = await cas.ValidateJsonAsync(service, ticket);

        Assert.Equal("authenticationFailure", name);
        Assert.Equal(code, failure.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_service_mismatch_is_INVALID_SERVICE_in_JSON()
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();

        var (name, failure) = await cas.ValidateJsonAsync("https://portal.example.edu/elsewhere", ticket);

        Assert.Equal("authenticationFailure", name);
        Assert.Equal("INVALID_SERVICE", failure.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("p3/serviceValidate", "XML")]
    [InlineData("p3/serviceValidate", "")]
    [InlineData("serviceValidate", "JSON")]
    public async Task Other_formats_and_the_CAS2_endpoint_answer_XML(string endpoint, string format)
    {
        await using var cas = await StartAsync();
        var (_, ticket, _) = await cas.SignInAsync();

        using var response = await cas.Client.GetAsync(ValidationUrl(endpoint, Service, ticket) + "&format=" + format);

        Assert.Equal("application/xml; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.StartsWith("<?xml", await response.Content.ReadAsStringAsync());
    }
}
