using CasPortal.Application.Sessions;
using CasPortal.Application.Sessions.LiftReauthentication;
using CasPortal.Application.Sessions.ListActiveSessions;
using CasPortal.Application.Sessions.ListReauthenticationRequirements;
using CasPortal.Application.Sessions.PreviewRevocation;
using CasPortal.Application.Sessions.RevokeSession;
using CasPortal.Application.Sessions.RevokeUserSessions;
using CasPortal.Domain.Sessions;
using CasPortal.Web.Authentication;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CasPortal.Web.Pages.Admin;

/// <summary>
/// Administrators see every active session and can end one, or every session of a user, after a confirmation that
/// says whose sessions and which browsers; they see who must type a password again and can lift that.
/// </summary>
public sealed class SessionsModel(IMediator mediator) : PageModel
{
    public const int DefaultPageSize = 25;

    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserFilter { get; set; }

    [BindProperty(SupportsGet = true)]
    public SessionSort Sort { get; set; } = SessionSort.LastSeenDescending;

    [BindProperty(SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public int PageSize { get; set; } = DefaultPageSize;

    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>A refused action (unknown user, nothing to lift), shown with a 400 status.</summary>
    public string? ErrorMessage { get; private set; }

    public SessionPage Result { get; private set; } = new([], 1, DefaultPageSize, 0);

    public IReadOnlyList<RequirementSummary> Requirements { get; private set; } = [];

    /// <summary>The revocation waiting for the administrator's confirmation, if any.</summary>
    public RevocationPreview? Confirmation { get; private set; }

    /// <summary>The confirmation is for every session of <see cref="RevocationPreview.Username"/>, not for one.</summary>
    public bool ConfirmingAllOfUser { get; private set; }

    public string? CurrentSessionReference => SessionPrincipal.SessionReferenceOf(User);

    /// <summary>The revocation would end the session this page is viewed in.</summary>
    public bool ConfirmationIncludesOwnSession => Confirmation is { } preview
        && (preview.Sessions.Any(s => s.Reference == CurrentSessionReference) || (ConfirmingAllOfUser && preview.Username == User.Identity?.Name));

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Result = await mediator.Send(new ListActiveSessionsQuery(UserFilter, Sort, PageNumber, PageSize), cancellationToken);
        Requirements = await mediator.Send(new ListReauthenticationRequirementsQuery(), cancellationToken);
    }

    /// <param name="confirmed">Sent by the confirmation's button; without it the page asks first.</param>
    /// <param name="requirePassword">The confirmation's "require their password on the next sign-in" box.</param>
    public async Task<IActionResult> OnPostRevokeSessionAsync(
        string session, bool confirmed, bool requirePassword, CancellationToken cancellationToken)
    {
        if (!confirmed)
        {
            return await ConfirmAsync(new PreviewRevocationQuery(session, null), allOfUser: false, cancellationToken);
        }

        var outcome = await mediator.Send(
            new RevokeSessionCommand(session, User.Identity!.Name!, requirePassword), cancellationToken);
        StatusMessage = RevocationMessages.ForSession(outcome);
        return RedirectToList();
    }

    public async Task<IActionResult> OnPostRevokeUserAsync(
        string username, bool confirmed, bool requirePassword, CancellationToken cancellationToken)
    {
        if (!confirmed)
        {
            return await ConfirmAsync(new PreviewRevocationQuery(null, username), allOfUser: true, cancellationToken);
        }

        var outcome = await mediator.Send(
            new RevokeUserSessionsCommand(username, User.Identity!.Name!, requirePassword), cancellationToken);
        if (outcome.Username is null)
        {
            return await RefuseAsync(RevocationMessages.UnknownUser(username), cancellationToken);
        }

        StatusMessage = RevocationMessages.ForUser(outcome);
        return RedirectToList();
    }

    public async Task<IActionResult> OnPostLiftAsync(string username, CancellationToken cancellationToken)
    {
        var lifted = await mediator.Send(new LiftReauthenticationCommand(username, User.Identity!.Name!), cancellationToken);
        if (lifted == 0)
        {
            return await RefuseAsync($"{username} has no password requirement to lift. Nothing was changed.", cancellationToken);
        }

        StatusMessage = $"Lifted: {username} no longer has to type the password; the CAS server's single sign-on may sign them in again.";
        return RedirectToList();
    }

    private async Task<IActionResult> ConfirmAsync(PreviewRevocationQuery query, bool allOfUser, CancellationToken cancellationToken)
    {
        Confirmation = await mediator.Send(query, cancellationToken);
        if (Confirmation is null)
        {
            if (allOfUser)
            {
                return await RefuseAsync(RevocationMessages.UnknownUser(query.Username!), cancellationToken);
            }

            StatusMessage = "That session had already ended.";
            return RedirectToList();
        }

        ConfirmingAllOfUser = allOfUser;
        await OnGetAsync(cancellationToken);
        return Page();
    }

    private async Task<IActionResult> RefuseAsync(string message, CancellationToken cancellationToken)
    {
        ErrorMessage = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await OnGetAsync(cancellationToken);
        return Page();
    }

    private RedirectToPageResult RedirectToList() => RedirectToPage(new { user = UserFilter, Sort, PageNumber, PageSize });
}

/// <summary>What a revocation did, in the words an administrator reads.</summary>
public static class RevocationMessages
{
    public static string UnknownUser(string username) =>
        $"No user named \"{username}\" has ever signed in to this portal. Nothing was changed.";

    public static string ForSession(RevocationOutcome outcome)
    {
        if (outcome.Username is not { } user)
        {
            return "That session had already ended.";
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
