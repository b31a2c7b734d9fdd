using CasPortal.Application.Authentication.ValidateTicket;
using CasPortal.Application.Common.Behaviours;
using CasPortal.Application.UnitTests.Common;

namespace CasPortal.Application.UnitTests.Common.Behaviours;

public sealed class ValidationBehaviourTests : IDisposable
{
    private const string HostileTicket = "ST-1&service=https://evil.example";
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_rejected_request_never_reaches_its_handler_and_writes_nothing_itself()
    {
        var handlerCalled = false;
        var behaviour = new ValidationBehaviour<ValidateTicketCommand, ValidateTicketResult>([new ValidateTicketValidator()]);

        var error = await Assert.ThrowsAsync<RequestValidationException>(async () => await behaviour.Handle(
            new ValidateTicketCommand(HostileTicket, null, false, null),
            (_, _) => { handlerCalled = true; return default; },
            CancellationToken.None));

        Assert.False(handlerCalled);
        Assert.Contains("The sign-in link's ticket is malformed.", error.Messages);
        Assert.DoesNotContain(HostileTicket, error.Message);
        Assert.Equal("Validate ticket", error.AuditedRequest);
        Assert.Empty(_database.NewContext().AuditEvents);
    }

    [Fact]
    public async Task A_valid_request_goes_through_untouched()
    {
        var expected = new ValidateTicketResult.RestartLogin(null);
        var behaviour = new ValidationBehaviour<ValidateTicketCommand, ValidateTicketResult>([new ValidateTicketValidator()]);

        var result = await behaviour.Handle(
            new ValidateTicketCommand("ST-1-abc", null, false, null),
            (_, _) => ValueTask.FromResult<ValidateTicketResult>(expected),
            CancellationToken.None);

        Assert.Same(expected, result);
        Assert.Empty(_database.NewContext().AuditEvents);
    }
}
