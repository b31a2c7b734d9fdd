using CasPortal.Application.Common.Cas;
using CasPortal.Infrastructure.Cas;

namespace CasPortal.Infrastructure.Tests.Cas;

public class Cas1ResponseParserTests
{
    [Theory]
    [InlineData("yes\nalice\n")]
    [InlineData("yes\r\nalice\r\n")]
    [InlineData("yes\nalice")]
    [InlineData("\uFEFFyes\nalice\n")]
    [InlineData("yes\n  alice \t\n")]
    public void Yes_and_a_user_signs_the_user_in_without_attributes(string body)
    {
        var assertion = Cas1ResponseParser.Parse(body).Assertion!;

        Assert.Equal("alice", assertion.Username);
        Assert.Empty(assertion.Attributes);
        Assert.Null(assertion.Proxies);
        Assert.Null(assertion.ProxyGrantingTicketIou);
    }

    [Theory]
    [InlineData("no\n\n")]
    [InlineData("no\r\n\r\n")]
    [InlineData("no\n")]
    [InlineData("no")]
    public void No_is_an_invalid_ticket_so_a_replay_leads_to_a_fresh_login(string body)
    {
        var failure = Cas1ResponseParser.Parse(body).Failure!;

        Assert.Equal((CasFailureKind.TicketRejected, CasFailureCodes.InvalidTicket), (failure.Kind, failure.Code));
        Assert.Equal(
            "The CAS server refused the ticket (CAS 1.0 answers only 'no': unknown, used, expired or not for this service).",
            failure.Reason);
    }

    [Theory]
    [InlineData("yes\nalice\nadmin\n", "The CAS server's answer is not a CAS 1.0 answer: that is 'yes' and a user, or 'no', on separate lines.")]
    [InlineData("no\nalice\n", "The CAS server's answer is not a CAS 1.0 answer: that is 'yes' and a user, or 'no', on separate lines.")]
    [InlineData("YES\nalice\n", "The CAS server's answer is not a CAS 1.0 answer: that is 'yes' and a user, or 'no', on separate lines.")]
    [InlineData("yes alice\n", "The CAS server's answer is not a CAS 1.0 answer: that is 'yes' and a user, or 'no', on separate lines.")]
    [InlineData("\nyes\nalice\n", "The CAS server's answer is not a CAS 1.0 answer: that is 'yes' and a user, or 'no', on separate lines.")]
    [InlineData("yes\n\n", "The CAS server's CAS 1.0 answer says yes but names no user.")]
    [InlineData("yes", "The CAS server's CAS 1.0 answer says yes but names no user.")]
    [InlineData("yes\n \t\n", "The CAS server's CAS 1.0 answer names an empty user.")]
    [InlineData("yes\nal\u0000ice\n", "The CAS server's CAS 1.0 answer names a user with control characters.")]
    [InlineData("", "The CAS server's answer is empty.")]
    [InlineData("<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"/>",
        "The CAS server's answer is XML, not the text a CAS 1.0 server answers (does Cas:ProtocolVersion match the server?).")]
    [InlineData("{\"serviceResponse\":{}}",
        "The CAS server's answer is JSON, not the text a CAS 1.0 server answers (does Cas:ProtocolVersion match the server?).")]
    [InlineData("<!DOCTYPE html><html><body>yes</body></html>", "The CAS server's answer is not a CAS 1.0 answer (it looks like an HTML page).")]
    public void Anything_else_is_malformed_and_says_why(string body, string reason)
    {
        var failure = Cas1ResponseParser.Parse(body).Failure!;

        Assert.Equal((CasFailureKind.ServerError, CasFailureCodes.Malformed, reason), (failure.Kind, failure.Code, failure.Reason));
    }

    [Fact]
    public void Answer_over_the_character_cap_is_refused()
    {
        var failure = Cas1ResponseParser.Parse("yes\n" + new string('a', CasAnswerBody.MaxCharacters) + "\n").Failure!;

        Assert.Equal(CasFailureCodes.Malformed, failure.Code);
    }
}
