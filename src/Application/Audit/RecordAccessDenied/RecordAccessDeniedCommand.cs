namespace CasPortal.Application.Audit.RecordAccessDenied;

/// <summary>A signed-in user who is not an administrator tried an administrator page.</summary>
public sealed record RecordAccessDeniedCommand(string Username, string? SessionReference, string Path) : ICommand;

public sealed class RecordAccessDeniedHandler(IPortalDbContext db, AuditTrail audit) : ICommandHandler<RecordAccessDeniedCommand>
{
    public async ValueTask<Unit> Handle(RecordAccessDeniedCommand command, CancellationToken cancellationToken)
    {
        audit.Record(AuditEventType.AccessDenied, command.Username, command.SessionReference, $"Denied {command.Path}", "NOT_ADMINISTRATOR");
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
