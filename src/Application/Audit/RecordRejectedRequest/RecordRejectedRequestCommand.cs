using CasPortal.Application.Common.Behaviours;

namespace CasPortal.Application.Audit.RecordRejectedRequest;

/// <summary>Records that validation refused an audited request, with the validators' reasons (never the refused values).</summary>
public sealed record RecordRejectedRequestCommand(RequestValidationException Rejection) : ICommand;

public sealed class RecordRejectedRequestHandler(IPortalDbContext db, AuditTrail audit) : ICommandHandler<RecordRejectedRequestCommand>
{
    public const string Code = "MALFORMED_REQUEST";

    public async ValueTask<Unit> Handle(RecordRejectedRequestCommand command, CancellationToken cancellationToken)
    {
        if (command.Rejection.AuditedRequest is not { } request)
        {
            return Unit.Value;
        }

        // The validators' own messages are written for people and never repeat the value they refused.
        audit.Record(AuditEventType.RequestRejected,
            detail: $"{request} refused before it was carried out: {string.Join(" ", command.Rejection.Messages)}", code: Code);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
