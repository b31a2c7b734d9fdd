using System.Data.Common;

namespace CasPortal.Application.Authentication.Logout;

/// <summary>Ends the user's portal session, then sends the browser to the CAS server to end the single sign-on.</summary>
/// <param name="SignedOutAt">
/// When the user asked to sign out, if that was earlier: a sign-out the database refused at the time and recorded now.
/// </param>
public sealed record LogoutCommand(string? SessionId, DateTime? SignedOutAt = null)
    : ICommand<LogoutResult>, IAuditedRequest;

/// <param name="Recorded">
/// False when the database refused to record the sign-out: the session row is still active, so the browser must drop
/// its cookie anyway and the sign-out be recorded later.
/// </param>
public sealed record LogoutResult(Uri CasLogoutUrl, bool Recorded = true);

public sealed class LogoutHandler(
    ICasGateway cas,
    IPortalDbContext db,
    IOptions<PortalOptions> portal,
    TimeProvider clock) : ICommandHandler<LogoutCommand, LogoutResult>
{
    public async ValueTask<LogoutResult> Handle(LogoutCommand command, CancellationToken cancellationToken)
    {
        var casLogoutUrl = cas.BuildLogoutUrl(ServiceUrls.ForLogoutCallback(portal.Value.PublicBaseUrl));
        if (command.SessionId is null)
        {
            return new LogoutResult(casLogoutUrl);
        }

        try
        {
            await EndSessionAsync(command, cancellationToken);
            return new LogoutResult(casLogoutUrl);
        }
        catch (Exception failure) when (IsDatabaseFault(failure))
        {
            // Sign-out fails closed: the browser still drops its cookie; the caller keeps the sign-out to record later.
            return new LogoutResult(casLogoutUrl, Recorded: false);
        }
    }

    private async Task EndSessionAsync(LogoutCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var signedOutAt = command.SignedOutAt is { } earlier && earlier < now ? earlier : now;
        var session = await db.Sessions.FindAsync([PortalSession.HashOfId(command.SessionId!)], cancellationToken);
        var how = signedOutAt < now
            ? $"Signed out by the user at {signedOutAt:yyyy-MM-dd HH:mm:ss} UTC; recorded late because the database refused writes then"
            : null;
        if (session is not null && session.End(signedOutAt, SessionEndReason.Logout, how: how))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private static bool IsDatabaseFault(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is DbException)
            {
                return true;
            }
        }

        return false;
    }
}
