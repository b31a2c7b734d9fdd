namespace CasPortal.Application.Sessions.TouchSession;

/// <summary>
/// The write half of the session check, sent when <see cref="GetActiveSession.GetActiveSessionQuery"/> says one is due:
/// ends an expired session (its audit record follows from the end), or records activity.
/// </summary>
/// <returns>False when the session is over (ended, expired or unknown): the request must be refused.</returns>
public sealed record TouchSessionCommand(string SessionId) : ICommand<bool>;

public sealed class TouchSessionHandler(
    IPortalDbContext db,
    IOptions<SessionOptions> options,
    TimeProvider clock) : ICommandHandler<TouchSessionCommand, bool>
{
    public async ValueTask<bool> Handle(TouchSessionCommand command, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.FindAsync([PortalSession.HashOfId(command.SessionId)], cancellationToken);
        if (session is null || session.IsEnded)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (session.IsExpiredAt(now))
        {
            session.End(now, SessionEndReason.Expired);
            await db.SaveChangesAsync(cancellationToken);
            return false;
        }

        if (session.Touch(now, options.Value.LastSeenWriteInterval))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return true;
    }
}
