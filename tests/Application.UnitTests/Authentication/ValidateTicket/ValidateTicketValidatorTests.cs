using CasPortal.Application.Authentication.ValidateTicket;

namespace CasPortal.Application.UnitTests.Authentication.ValidateTicket;

public class ValidateTicketValidatorTests
{
    private readonly ValidateTicketValidator _validator = new();

    [Theory]
    [InlineData("ST-1")]
    [InlineData("ST-1-abc.DEF-cas.example.edu")]
    [InlineData("PT-123-xyz")]
    public void Service_and_proxy_tickets_pass(string ticket) =>
        Assert.True(_validator.Validate(Command(ticket)).IsValid);

    [Theory]
    [InlineData("")]
    [InlineData("ST-")]
    [InlineData("TGT-1-abc")]
    [InlineData("PGT-1-abc")]
    [InlineData("st-1-abc")]
    [InlineData("ST-1&service=https://evil.example")]
    [InlineData("ST-1 abc")]
    [InlineData("ST-1\r\nX: y")]
    [InlineData("ST-ü")]
    [InlineData("ST-1/../../x")]
    public void Anything_else_is_refused_with_a_message_that_does_not_repeat_it(string ticket)
    {
        var result = _validator.Validate(Command(ticket));

        Assert.False(result.IsValid);
        Assert.All(result.Errors, e => Assert.DoesNotContain("ST-1", e.ErrorMessage));
    }

    [Fact]
    public void A_ticket_longer_than_256_characters_after_the_prefix_is_refused()
    {
        Assert.True(_validator.Validate(Command("ST-" + new string('a', 256))).IsValid);
        Assert.False(_validator.Validate(Command("ST-" + new string('a', 257))).IsValid);
    }

    private static ValidateTicketCommand Command(string ticket) =>
        new(ticket, null, false, null);
}
