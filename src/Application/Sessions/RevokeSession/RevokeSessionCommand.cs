namespace CasPortal.Application.Sessions.RevokeSession;

/// <summary>
/// An administrator ends one session, named by its reference; the user is signed out on their next request. With
/// <paramref name="RequireReauthentication"/> the browser that held it must type a password at its next sign-in, so
/// the CAS server's single sign-on cannot sign it straight back in.
/// </summary>
public sealed record RevokeSessionCommand(string SessionReference, bool RequireReauthentication = false)
    : ICommand<RevocationOutcome>, IAuditedRequest;

public sealed class RevokeSessionHandler(IPortalDbContext db, AuditTrail audit, IRequestContext request, TimeProvider clock) : ICommandHandler<RevokeSessionCommand, RevocationOutcome>
{
    public async ValueTask<RevocationOutcome> Handle(RevokeSessionCommand command, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Reference == command.SessionReference, cancellationToken);
        if (session is null)
        {
            return RevocationOutcome.NotFound;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var administrator = request.SignedInUser();
        var ended = SessionEnding.Revoke([session], now, administrator, "Session revoked");
        var requirement = command.RequireReauthentication
            ? await Reauthentication.RequireForBrowserOfAsync(
                db, audit, session, administrator, $"a session revoked by {administrator}", now, cancellationToken)
            : (Domain.Sessions.ReauthenticationScope?)null;
        await db.SaveChangesAsync(cancellationToken);
        return new RevocationOutcome(ended, session.Username, requirement);
    }
}
