using CasPortal.Application.Sessions;
using CasPortal.Application.Sessions.PreviewRevocation;
using CasPortal.Domain.Sessions;

namespace CasPortal.Web.Pages.Admin;

/// <summary>What an action on the sessions page came to, in the words an administrator reads.</summary>
/// <param name="Refused">Nothing was changed: shown on the page with a 400 status instead of after a redirect.</param>
public sealed record RevocationReply(string Message, bool Refused = false);

/// <summary>What a revocation or a lift did, or why it was refused.</summary>
public static class RevocationMessages
{
    public const string AlreadyEnded = "That session had already ended.";

    public static RevocationReply NothingToLift(string username) =>
        new($"{username} has no password requirement to lift. Nothing was changed.", Refused: true);

    public static RevocationReply Lifted(string username, int lifted) => lifted == 0
        ? NothingToLift(username)
        : new($"Lifted: {username} no longer has to type the password; the CAS server's single sign-on may sign them in again.");

    public static RevocationReply UnknownUser(string username) =>
        new($"No user named \"{username}\" has ever signed in to this portal. Nothing was changed.", Refused: true);

    /// <summary>Nothing to confirm: the session has already ended, or the user never signed in.</summary>
    public static RevocationReply NothingToRevoke(PreviewRevocationQuery query) =>
        query.Username is { } username ? UnknownUser(username) : new(AlreadyEnded);

    public static RevocationReply ForSession(RevocationOutcome outcome)
    {
        if (outcome.Username is not { } user)
        {
            return new(AlreadyEnded);
        }

        var ended = outcome.EndedSessions == 1
            ? $"Ended {user}'s session; that browser is signed out of the portal on its next request."
            : $"{user}'s session had already ended.";
        return new(ended + " " + outcome.Requirement switch
        {
            ReauthenticationScope.Browser => $"That browser must type a password at its next sign-in; {user}'s other browsers stay signed in.",
            ReauthenticationScope.User => $"The portal could not tell which browser held it, so {user} must type the password at the next sign-in in every browser.",
            _ => "No password is required: the CAS server's single sign-on may sign that browser straight back in.",
        });
    }

    public static RevocationReply ForUser(string username, RevocationOutcome outcome)
    {
        if (outcome.Username is not { } user)
        {
            return UnknownUser(username);
        }

        var ended = outcome.EndedSessions switch
        {
            0 => $"{user} had no active sessions.",
            1 => $"Ended 1 session of {user}.",
            var count => $"Ended {count} sessions of {user}.",
        };
        return new(ended + " " + (outcome.Requirement is null
            ? $"No password is required: the CAS server's single sign-on may sign {user} straight back in."
            : $"{user} must type the password at the next sign-in, in every browser; single sign-on alone will not do."));
    }
}
