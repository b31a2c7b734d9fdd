using System.Text;
using CasPortal.Application.Common.Cas;
using CasPortal.Infrastructure.Cas;

namespace CasPortal.Infrastructure.Tests.Cas;

public class CasJsonResponseParserTests
{
    private const string Malformed = CasFailureCodes.Malformed;

    [Fact]
    public void Success_sample_reads_user_attributes_pgtiou_and_proxies_with_values_as_invariant_strings()
    {
        var assertion = CasJsonResponseParser.Parse(Samples.Read("cas3-success.json")).Assertion!;

        Assert.Equal("alice", assertion.Username);
        Assert.Equal(
            [
                ("mail", "alice@example.edu"),
                ("memberOf", "cn=portal-admins,ou=groups,dc=example,dc=edu"),
                ("memberOf", "cn=staff,ou=groups,dc=example,dc=edu"),
                ("isFromNewLogin", "true"),
                ("authenticationDate", "1796242502.184"),
            ],
            CasConformanceTests.Flatten(assertion));
        Assert.Equal("PGTIOU-84678-8a9d2sfa23casd", assertion.ProxyGrantingTicketIou);
        Assert.Equal(["https://portal1.example.edu/pgtCallback"], assertion.Proxies);
    }

    [Fact]
    public void Failure_sample_keeps_its_code_and_redacts_the_ticket()
    {
        var failure = CasJsonResponseParser.Parse(Samples.Read("cas3-failure.json")).Failure!;

        Assert.Equal(
            (CasFailureKind.TicketRejected, CasFailureCodes.InvalidTicket, "Ticket [ticket] not recognized"),
            (failure.Kind, failure.Code, failure.Reason));
    }

    [Theory]
    [InlineData("\"x\"", "x")]
    [InlineData("42", "42")]
    [InlineData("-7", "-7")]
    [InlineData("1.50", "1.5")]
    [InlineData("1E2", "100")]
    [InlineData("12345678901234567890", "12345678901234567890")]
    [InlineData("1e400", "1e400")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("\"  padded  \"", "padded")]
    [InlineData("\"caf\\u00e9 & <b>\"", "café & <b>")]
    public void Scalar_values_become_invariant_strings(string json, string expected)
    {
        var assertion = CasJsonResponseParser.Parse(Success($"\"user\":\"alice\",\"attributes\":{{\"a\":{json}}}")).Assertion!;

        Assert.Equal([expected], assertion.Attributes["a"]);
    }

    [Fact]
    public void Arrays_keep_every_value_once_in_order_and_null_adds_nothing()
    {
        var assertion = CasJsonResponseParser.Parse(Success(
            "\"user\":\"alice\",\"attributes\":{\"g\":[\"b\",1,true,null,\"b\",\"a\"],\"none\":null,\"empty\":[]}")).Assertion!;

        Assert.Equal(["b", "1", "true", "a"], assertion.Attributes["g"]);
        Assert.False(assertion.Attributes.ContainsKey("none"));
        Assert.False(assertion.Attributes.ContainsKey("empty"));
    }

    [Fact]
    public void Properties_beside_the_user_are_attributes_like_rubycas_style()
    {
        var assertion = CasJsonResponseParser.Parse(Success("\"user\":\"alice\",\"mail\":\"a@b\",\"attributes\":{\"mail\":[\"a@b\",\"c@d\"]}")).Assertion!;

        Assert.Equal(["a@b", "c@d"], assertion.Attributes["mail"]);
    }

    [Theory]
    [InlineData("{\"serviceResponse\":{\"authenticationSuccess\":{\"user\":\"alice\"},\"authenticationFailure\":{\"code\":\"X\"}}}",
        "The CAS server's serviceResponse holds more than one property; a CAS answer holds exactly one.")]
    [InlineData("{\"serviceResponse\":{}}", "The CAS server's serviceResponse is empty (no authenticationSuccess or authenticationFailure).")]
    [InlineData("{\"serviceResponse\":[]}", "The CAS server's serviceResponse is not a JSON object holding authenticationSuccess or authenticationFailure.")]
    [InlineData("{}", "The CAS server's JSON answer is empty (no serviceResponse).")]
    [InlineData("[]", "The CAS server's JSON answer is not a JSON object holding serviceResponse.")]
    [InlineData("{\"response\":{}}", "The CAS server's JSON answer holds 'response' instead of serviceResponse.")]
    [InlineData("{\"serviceResponse\":{\"authenticationSuccess\":{\"user\":\"a\"}},\"x\":1}",
        "The CAS server's JSON answer holds more than one property; a CAS answer holds exactly one.")]
    [InlineData("{\"serviceResponse\":{\"proxySuccess\":{}}}",
        "The CAS server's serviceResponse holds 'proxySuccess' instead of authenticationSuccess or authenticationFailure.")]
    [InlineData("{\"serviceResponse\":{\"authenticationSuccess\":\"alice\"}}", "The CAS server's authenticationSuccess is not a JSON object.")]
    public void Envelope_must_hold_exactly_one_answer(string json, string reason)
    {
        AssertMalformed(json, reason);
    }

    [Theory]
    [InlineData("\"attributes\":{}", "The CAS server's authenticationSuccess names no user.")]
    [InlineData("\"user\":\"  \"", "The CAS server's authenticationSuccess names an empty user.")]
    [InlineData("\"user\":42", "The CAS server's user is not a JSON string.")]
    [InlineData("\"user\":[\"alice\"]", "The CAS server's user is not a JSON string.")]
    [InlineData("\"user\":\"alice\",\"user\":\"admin\"", "The CAS server's authenticationSuccess repeats 'user'; a CAS answer names each once.")]
    [InlineData("\"user\":\"alice\",\"attributes\":{\"a\":{\"b\":1}}",
        "The CAS server's attribute 'a' holds a nested JSON object; attribute values are strings, numbers or booleans.")]
    [InlineData("\"user\":\"alice\",\"attributes\":{\"a\":[[1]]}",
        "The CAS server's attribute 'a' holds a nested JSON array; attribute values are strings, numbers or booleans.")]
    [InlineData("\"user\":\"alice\",\"attributes\":[\"a\"]", "The CAS server's attributes are not a JSON object.")]
    [InlineData("\"user\":\"alice\",\"attributes\":{\"a\":1,\"a\":2}", "The CAS server's attributes repeats 'a'; a CAS answer names each once.")]
    [InlineData("\"user\":\"alice\",\"proxies\":[1]", "The CAS server's proxies are not JSON strings.")]
    [InlineData("\"user\":\"alice\",\"proxyGrantingTicket\":{}", "The CAS server's proxyGrantingTicket is not a JSON string.")]
    [InlineData("\"user\":\"alice\",\"proxyGrantingTicket\":\"../../etc/passwd\"",
        "The CAS server's proxyGrantingTicket is not a PGTIOU-… ticket of letters, digits, '-' and '.'.")]
    [InlineData("\"user\":\"\\ud800\"", "The CAS server's JSON answer holds a string that is not valid Unicode text.")]
    [InlineData("\"user\":\"alice\",\"\\udc00\":\"x\"", "The CAS server's JSON answer holds a string that is not valid Unicode text.")]
    public void Success_without_exactly_one_plain_user_or_with_odd_values_is_refused(string inner, string reason)
    {
        AssertMalformed(Success(inner), reason);
    }

    [Fact]
    public void Failure_description_that_is_not_text_is_ignored_never_read_as_an_answer()
    {
        var failure = CasJsonResponseParser.Parse(Samples.Read("hostile-json-success-injected-in-failure.json")).Failure!;

        Assert.Equal(
            (CasFailureKind.TicketRejected, CasFailureCodes.InvalidTicket, "The CAS server refused the ticket (INVALID_TICKET) without a description."),
            (failure.Kind, failure.Code, failure.Reason));
    }

    [Fact]
    public void Failure_without_code_is_an_internal_error_that_keeps_the_description()
    {
        var failure = CasJsonResponseParser.Parse(
            "{\"serviceResponse\":{\"authenticationFailure\":{\"description\":\"Ticket ST-9-abc expired\"}}}").Failure!;

        Assert.Equal(
            (CasFailureCodes.InternalError, "The CAS server refused the ticket without a failure code: Ticket [ticket] expired"),
            (failure.Code, failure.Reason));
    }

    [Theory]
    [InlineData("", "The CAS server's answer is empty.")]
    [InlineData("<cas:serviceResponse/>", "The CAS server's answer is XML, not JSON.")]
    [InlineData("<!DOCTYPE html><html/>", "The CAS server's answer is not JSON (it looks like an HTML page).")]
    [InlineData("yes\nalice\n", "The CAS server's answer is not JSON (it looks like plain text).")]
    [InlineData("{\"serviceResponse\":{\"authenticationSuccess\":{\"user\":\"alice\"}}", "The CAS server's answer is not well-formed JSON (broken at line 1, byte 62; it may be cut off).")]
    [InlineData("{\"serviceResponse\":{\"authenticationSuccess\":{\"user\":\"alice\",}}}", "The CAS server's answer is not well-formed JSON (broken at line 1, byte 61; it may be cut off).")]
    [InlineData("{/*c*/\"serviceResponse\":{}}", "The CAS server's answer is not well-formed JSON (broken at line 1, byte 2; it may be cut off).")]
    public void Non_json_and_broken_json_say_what_was_wrong(string body, string reason)
    {
        AssertMalformed(body, reason);
    }

    [Fact]
    public async Task Deeply_nested_json_is_refused_quickly_wherever_the_nesting_is()
    {
        const int depth = 200_000;
        var nested = new string('[', depth) + new string(']', depth);
        var expected = $"The CAS server's answer is nested more than {CasJsonResponseParser.MaxDepth} levels deep; a CAS answer is far flatter.";

        var atRoot = await ParseWithin(nested);
        var inAttribute = await ParseWithin(Success("\"user\":\"alice\",\"attributes\":{\"deep\":" + nested + "}"));
        var unclosed = await ParseWithin(new string('{', depth));

        Assert.All([atRoot, inAttribute], result => Assert.Equal((Malformed, expected), (result.Failure!.Code, result.Failure.Reason)));
        Assert.Equal(Malformed, unclosed.Failure!.Code);
    }

    [Fact]
    public async Task Huge_answers_are_refused_or_read_without_hanging()
    {
        var values = Enumerable.Range(0, 40_000).Select(i => $"g{i}").ToList();
        var many = Success("\"user\":\"alice\",\"attributes\":{\"memberOf\":[" + string.Join(",", values.Select(v => $"\"{v}\"")) + "]}");
        var oversized = Success("\"user\":\"alice\",\"x\":\"" + new string('a', CasAnswerBody.MaxCharacters) + "\"");
        Assert.True(many.Length <= CasAnswerBody.MaxCharacters);

        var read = await ParseWithin(many);
        var refused = await ParseWithin(oversized);

        Assert.Equal(values, read.Assertion!.Attributes["memberOf"]);
        Assert.Equal($"The CAS server's answer is larger than {CasAnswerBody.MaxCharacters} characters.", refused.Failure!.Reason);
    }

    [Fact]
    public void Leading_whitespace_and_byte_order_mark_are_skipped()
    {
        var result = CasJsonResponseParser.Parse("\uFEFF \n" + Success("\"user\":\"alice\""));

        Assert.Equal("alice", result.Assertion?.Username);
    }

    [Fact]
    public void Every_kind_of_ticket_is_redacted_from_the_reason()
    {
        var body = new StringBuilder("{\"serviceResponse\":{\"authenticationFailure\":{\"code\":\"INVALID_TICKET\",\"description\":\"")
            .Append("ST-1-a PT-2-b PGT-3-c PGTIOU-4-d TGT-5-e\"}}}").ToString();

        Assert.Equal("[ticket] [ticket] [ticket] [ticket] [ticket]", CasJsonResponseParser.Parse(body).Failure!.Reason);
    }

    private static void AssertMalformed(string body, string reason)
    {
        var result = CasJsonResponseParser.Parse(body);

        Assert.False(result.Succeeded);
        Assert.Equal((CasFailureKind.ServerError, Malformed, reason), (result.Failure!.Kind, result.Failure.Code, result.Failure.Reason));
    }

    private static async Task<CasValidationResult> ParseWithin(string body) =>
        await Task.Run(() => CasJsonResponseParser.Parse(body)).WaitAsync(TimeSpan.FromSeconds(10));

    private static string Success(string inner) => $"{{\"serviceResponse\":{{\"authenticationSuccess\":{{{inner}}}}}}}";
}
