using CasPortal.Application.Authentication;

namespace CasPortal.Application.Sessions.SignOutEverywhere;

/// <summary>
/// A user ends every one of their portal sessions, this one included, and requires a typed password at their next
/// sign-in anywhere; the browser then goes to the CAS server to end single sign-on here too.
/// </summary>
public sealed record SignOutEverywhereCommand
    : ICommand<SignOutEverywhereResult>, IAuditedRequest;

public sealed record SignOutEverywhereResult(int EndedSessions, Uri CasLogoutUrl);

public sealed class SignOutEverywhereHandler(
    ICasGateway cas,
    IPortalDbContext db,
    AuditTrail audit,
    IRequestContext request,
    IOptions<PortalOptions> portal,
    TimeProvider clock) : ICommandHandler<SignOutEverywhereCommand, SignOutEverywhereResult>
{
    public async ValueTask<SignOutEverywhereResult> Handle(SignOutEverywhereCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var username = request.SignedInUser();
        var sessions = await db.Sessions
            .Where(s => s.Username == username && s.EndedAt == null)
            .ToListAsync(cancellationToken);
        var ended = sessions.Count(s => s.End(now, SessionEndReason.Logout, how: "Signed out everywhere by the user"));
        await Reauthentication.RequireForUserAsync(db, audit, username, username,
            "the user signed out everywhere", now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new SignOutEverywhereResult(ended, cas.BuildLogoutUrl(ServiceUrls.ForLogoutCallback(portal.Value.PublicBaseUrl)));
    }
}
