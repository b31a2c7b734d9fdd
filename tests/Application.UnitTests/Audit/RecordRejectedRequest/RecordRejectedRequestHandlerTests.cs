using CasPortal.Application.Audit.RecordRejectedRequest;
using CasPortal.Application.Authentication.ValidateTicket;
using CasPortal.Application.Common.Behaviours;
using CasPortal.Application.Sessions.GetActiveSession;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Time.Testing;

namespace CasPortal.Application.UnitTests.Audit.RecordRejectedRequest;

/// <summary>A request that validation refused is audited with the validators' reasons, never the refused values.</summary>
public sealed class RecordRejectedRequestHandlerTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task The_rejection_of_an_audited_request_is_recorded_without_its_values()
    {
        var error = await Rejection<ValidateTicketCommand, ValidateTicketResult>(
            new ValidateTicketValidator(), new ValidateTicketCommand("ST-1&service=https://evil.example", null, false, null));

        await Record(error, new FakeRequestContext("192.0.2.3", "curl"));

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
        var error = await Rejection<GetActiveSessionQuery, SessionCheck>(new RejectEverything(), new GetActiveSessionQuery("x"));

        await Record(error, FakeRequestContext.None);

        Assert.Null(error.AuditedRequest);
        Assert.Empty(_database.NewContext().AuditEvents);
    }

    [Fact]
    public async Task Every_reason_is_recorded_in_order_under_one_code()
    {
        await Record(new RequestValidationException(["Name the user whose sessions to revoke.", "'Administrator' must not be empty."], "Revoke user sessions"),
            FakeRequestContext.None);

        var audit = Assert.Single(_database.NewContext().AuditEvents);
        Assert.Equal(
            ("Revoke user sessions refused before it was carried out: Name the user whose sessions to revoke. 'Administrator' must not be empty.", "MALFORMED_REQUEST"),
            (audit.Detail, audit.Code));
    }

    /// <summary>The exception the validation behaviour throws for <paramref name="request"/>.</summary>
    private static Task<RequestValidationException> Rejection<TRequest, TResponse>(IValidator<TRequest> validator, TRequest request)
        where TRequest : IMessage =>
        Assert.ThrowsAsync<RequestValidationException>(async () =>
            await new ValidationBehaviour<TRequest, TResponse>([validator]).Handle(request, (_, _) => default, CancellationToken.None));

    private async Task Record(RequestValidationException rejection, FakeRequestContext request)
    {
        await using var db = _database.NewContext();
        await new RecordRejectedRequestHandler(db, db.Audit(request, new FakeTimeProvider()))
            .Handle(new RecordRejectedRequestCommand(rejection), CancellationToken.None);
    }

    private sealed class RejectEverything : AbstractValidator<GetActiveSessionQuery>
    {
        public RejectEverything() => RuleFor(q => q.SessionId).Empty().WithMessage("Refused.");
    }
}
