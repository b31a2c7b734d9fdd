using CasPortal.Application.Audit.RecordRejectedRequest;
using CasPortal.Application.Authentication.ValidateTicket;
using CasPortal.Application.Common.Behaviours;
using CasPortal.Application.Sessions.GetActiveSession;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Audit;
using FluentValidation;
using Microsoft.Extensions.Time.Testing;

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
    public async Task The_rejection_of_an_audited_request_is_recorded_without_its_values()
    {
        var behaviour = new ValidationBehaviour<ValidateTicketCommand, ValidateTicketResult>([new ValidateTicketValidator()]);
        var error = await Assert.ThrowsAsync<RequestValidationException>(async () => await behaviour.Handle(
            new ValidateTicketCommand(HostileTicket, null, false, null), (_, _) => default, CancellationToken.None));

        await using (var db = _database.NewContext())
        {
            await new RecordRejectedRequestHandler(db, db.Audit(new FakeRequestContext("192.0.2.3", "curl"), new FakeTimeProvider()))
                .Handle(new RecordRejectedRequestCommand(error), CancellationToken.None);
        }

        var audit = Assert.Single(_database.NewContext().AuditEvents);
        Assert.Equal(AuditEventType.RequestRejected, audit.Type);
        Assert.Equal("192.0.2.3", audit.ClientIp);
        Assert.DoesNotContain("ST-1", audit.Detail);
        // What an administrator reads: the request in words and why it was refused, not a type or property name.
        Assert.Equal("Validate ticket refused before it was carried out: The sign-in link's ticket is malformed.", audit.Detail);
    }

    [Fact]
    public async Task The_rejection_of_a_request_that_is_not_audited_records_nothing()
    {
        var behaviour = new ValidationBehaviour<GetActiveSessionQuery, SessionCheck>([new RejectEverything()]);
        var error = await Assert.ThrowsAsync<RequestValidationException>(async () => await behaviour.Handle(
            new GetActiveSessionQuery("x"), (_, _) => default, CancellationToken.None));

        await using (var db = _database.NewContext())
        {
            await new RecordRejectedRequestHandler(db, db.Audit(FakeRequestContext.None, new FakeTimeProvider()))
                .Handle(new RecordRejectedRequestCommand(error), CancellationToken.None);
        }

        Assert.Null(error.AuditedRequest);
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

    private sealed class RejectEverything : AbstractValidator<GetActiveSessionQuery>
    {
        public RejectEverything() => RuleFor(q => q.SessionId).Empty().WithMessage("Refused.");
    }
}
