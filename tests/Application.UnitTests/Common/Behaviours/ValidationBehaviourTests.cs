using CasPortal.Application.Authentication.ValidateTicket;
using CasPortal.Application.Common.Behaviours;
using CasPortal.Application.Common.Models;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Audit;
using FluentValidation;
using Microsoft.Extensions.Time.Testing;

namespace CasPortal.Application.UnitTests.Common.Behaviours;

public sealed class ValidationBehaviourTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_rejected_request_never_reaches_its_handler_and_is_audited_without_its_values()
    {
        const string hostileTicket = "ST-1&service=https://evil.example";
        var handlerCalled = false;
        await using var db = _database.NewContext();
        var behaviour = new ValidationBehaviour<ValidateTicketCommand, ValidateTicketResult>(
            [new ValidateTicketValidator()], db, new FakeTimeProvider());

        var error = await Assert.ThrowsAsync<RequestValidationException>(async () => await behaviour.Handle(
            new ValidateTicketCommand(hostileTicket, null, false, null, new RequestOrigin("192.0.2.3", "curl")),
            (_, _) => { handlerCalled = true; return default; },
            CancellationToken.None));

        Assert.False(handlerCalled);
        Assert.Contains("The sign-in link's ticket is malformed.", error.Messages);
        Assert.DoesNotContain(hostileTicket, error.Message);
        var audit = Assert.Single(_database.NewContext().AuditEvents);
        Assert.Equal(AuditEventType.RequestRejected, audit.Type);
        Assert.Equal("192.0.2.3", audit.ClientIp);
        Assert.DoesNotContain("ST-1", audit.Detail);
        // What an administrator reads: the request in words and why it was refused, not a type or property name.
        Assert.Equal("Validate ticket refused before it was carried out: The sign-in link's ticket is malformed.", audit.Detail);
    }

    [Fact]
    public async Task A_valid_request_goes_through_untouched()
    {
        await using var db = _database.NewContext();
        var expected = new ValidateTicketResult.RestartLogin(null);
        var behaviour = new ValidationBehaviour<ValidateTicketCommand, ValidateTicketResult>(
            [new ValidateTicketValidator()], db, new FakeTimeProvider());

        var result = await behaviour.Handle(
            new ValidateTicketCommand("ST-1-abc", null, false, null, RequestOrigin.Unknown),
            (_, _) => ValueTask.FromResult<ValidateTicketResult>(expected),
            CancellationToken.None);

        Assert.Same(expected, result);
        Assert.Empty(_database.NewContext().AuditEvents);
    }
}
