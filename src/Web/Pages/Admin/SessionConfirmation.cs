using System.Security.Claims;
using CasPortal.Application.Sessions;
using CasPortal.Application.Sessions.ListReauthenticationRequirements;
using CasPortal.Application.Sessions.PreviewRevocation;

namespace CasPortal.Web.Pages.Admin;

/// <summary>What the sessions page asks an administrator to confirm: one session, every session of a user, or a lift.</summary>
public sealed record SessionConfirmation(
    SessionConfirmation.Action Kind,
    string Username,
    IReadOnlyList<SessionSummary> Sessions,
    IReadOnlyList<RequirementSummary> Requirements,
    string? ViewerSessionReference,
    bool IncludesOwnSession)
{
    public enum Action
    {
        RevokeSession,
        RevokeUser,
        Lift,
    }

    public static SessionConfirmation ForRevocation(RevocationPreview preview, bool allOfUser, ClaimsPrincipal viewer)
    {
        var own = SessionPrincipal.SessionReferenceOf(viewer);
        var includesOwn = preview.Sessions.Any(s => s.Reference == own) || (allOfUser && preview.Username == viewer.Identity?.Name);
        return new(allOfUser ? Action.RevokeUser : Action.RevokeSession, preview.Username, preview.Sessions, [], own, includesOwn);
    }

    /// <summary>Null when the user has no requirement to lift.</summary>
    public static SessionConfirmation? ForLift(string username, IReadOnlyList<RequirementSummary> requirements)
    {
        var own = requirements.Where(r => r.Username == username).ToList();
        return own.Count == 0 ? null : new(Action.Lift, username, [], own, null, false);
    }
}
