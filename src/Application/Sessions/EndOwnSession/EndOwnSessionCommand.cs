namespace CasPortal.Application.Sessions.EndOwnSession;

/// <summary>
/// A user ends one of their own sessions in another browser (a lost phone, a shared computer). That browser must then
/// type a password to sign in again: the CAS server's single sign-on there is not enough.
/// </summary>
/// <returns>False when the session is not theirs, not active, or is the one they are using.</returns>
public sealed record EndOwnSessionCommand(string SessionReference)
    : ICommand<bool>, IAuditedRequest;

public sealed class EndOwnSessionHandler(IPortalDbContext db, AuditTrail audit, IRequestContext request, TimeProvider clock) : ICommandHandler<EndOwnSessionCommand, bool>
{
    public async ValueTask<bool> Handle(EndOwnSessionCommand command, CancellationToken cancellationToken)
    {
        var username = request.SignedInUser();
        var currentSessionReference = request.SessionReference;
        if (command.SessionReference == currentSessionReference)
        {
            return false;
        }

        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Reference == command.SessionReference, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        // Someone else's session is treated exactly like an unknown one.
        if (session is null || session.Username != username || !session.End(now, SessionEndReason.Logout, how: $"Ended by the user from session {currentSessionReference}"))
        {
            return false;
        }

        await Reauthentication.RequireForBrowserOfAsync(db, audit, session, username,
            "signed out there by the user from another browser", now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
