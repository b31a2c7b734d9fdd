using CasPortal.Application.Sessions;
using CasPortal.Domain.Sessions;

namespace CasPortal.Web.Pages.Admin;

/// <summary>What a revocation or a lift did, or why it was refused, in the words an administrator reads.</summary>
public static class RevocationMessages
{
    public const string AlreadyEnded = "That session had already ended.";

    public static string NothingToLift(string username) => $"{username} has no password requirement to lift. Nothing was changed.";

    public static string Lifted(string username) =>
        $"Lifted: {username} no longer has to type the password; the CAS server's single sign-on may sign them in again.";

    public static string UnknownUser(string username) =>
        $"No user named \"{username}\" has ever signed in to this portal. Nothing was changed.";

    public static string ForSession(RevocationOutcome outcome)
    {
        if (outcome.Username is not { } user)
        {
            return AlreadyEnded;
        }

        var ended = outcome.EndedSessions == 1
            ? $"Ended {user}'s session; that browser is signed out of the portal on its next request."
            : $"{user}'s session had already ended.";
        return ended + " " + outcome.Requirement switch
        {
            ReauthenticationScope.Browser => $"That browser must type a password at its next sign-in; {user}'s other browsers stay signed in.",
            ReauthenticationScope.User => $"The portal could not tell which browser held it, so {user} must type the password at the next sign-in in every browser.",
            _ => "No password is required: the CAS server's single sign-on may sign that browser straight back in.",
        };
    }

    public static string ForUser(RevocationOutcome outcome)
    {
        var user = outcome.Username!;
        var ended = outcome.EndedSessions switch
        {
            0 => $"{user} had no active sessions.",
            1 => $"Ended 1 session of {user}.",
            var count => $"Ended {count} sessions of {user}.",
        };
        return ended + " " + (outcome.Requirement is null
            ? $"No password is required: the CAS server's single sign-on may sign {user} straight back in."
            : $"{user} must type the password at the next sign-in, in every browser; single sign-on alone will not do.");
    }
}
