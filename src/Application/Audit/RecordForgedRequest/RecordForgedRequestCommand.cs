namespace CasPortal.Application.Audit.RecordForgedRequest;

/// <summary>
/// A form post came without a valid antiforgery token: a forged cross-site request, or a page left open too long.
/// Refused before it did anything; recorded so administrators can see attempts on their actions.
/// </summary>
public sealed record RecordForgedRequestCommand(string? Username, string Path) : ICommand;

public sealed class RecordForgedRequestHandler(IPortalDbContext db, AuditTrail audit) : ICommandHandler<RecordForgedRequestCommand>
{
    public const string Code = "ANTIFORGERY_TOKEN_INVALID";

    public async ValueTask<Unit> Handle(RecordForgedRequestCommand command, CancellationToken cancellationToken)
    {
        audit.Record(AuditEventType.RequestRejected, command.Username, null,
            $"Form post to {Text(command.Path)} refused: missing or invalid antiforgery token", Code);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }

    /// <summary>Paths are cut rather than refused: the refusal is recorded whatever was asked for.</summary>
    private static string Text(string path) => path.Length <= Limits.ReturnUrlLength ? path : path[..Limits.ReturnUrlLength];
}
