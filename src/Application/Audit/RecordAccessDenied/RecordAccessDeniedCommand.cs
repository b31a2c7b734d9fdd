using CasPortal.Application.Common.Interfaces;
using CasPortal.Application.Common.Models;
using CasPortal.Domain.Audit;
using Mediator;

namespace CasPortal.Application.Audit.RecordAccessDenied;

/// <summary>A signed-in user who is not an administrator tried an administrator page.</summary>
public sealed record RecordAccessDeniedCommand(string Username, string? SessionReference, string Path, RequestOrigin Origin) : ICommand;

public sealed class RecordAccessDeniedHandler(IPortalDbContext db, TimeProvider clock) : ICommandHandler<RecordAccessDeniedCommand>
{
    public async ValueTask<Unit> Handle(RecordAccessDeniedCommand command, CancellationToken cancellationToken)
    {
        db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, AuditEventType.AccessDenied, command.Username,
            command.SessionReference, command.Origin.ClientIp, command.Origin.UserAgent, $"Denied {command.Path}", "NOT_ADMINISTRATOR"));
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
