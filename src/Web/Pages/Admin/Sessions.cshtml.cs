using CasPortal.Application.Sessions;
using CasPortal.Application.Sessions.LiftReauthentication;
using CasPortal.Application.Sessions.ListActiveSessions;
using CasPortal.Application.Sessions.ListReauthenticationRequirements;
using CasPortal.Application.Sessions.PreviewRevocation;
using CasPortal.Application.Sessions.RevokeSession;
using CasPortal.Application.Sessions.RevokeUserSessions;
using FluentValidation;

namespace CasPortal.Web.Pages.Admin;

/// <summary>
/// Administrators see every active session, filtered, sorted and paged, and can end one, or every session of a user,
/// or lift a password requirement; each after a confirmation that says whom and which browsers it concerns.
/// </summary>
public sealed class SessionsModel(IMediator mediator, IValidator<ListActiveSessionsQuery> listRules) : PageModel
{
    /// <summary>Bound on every request, actions included, so that an action comes back to the view it was taken from.</summary>
    [BindProperty(SupportsGet = true)] public SessionsFilterForm Form { get; set; } = new();
    public FilterErrors Errors => new(ModelState);
    public string? StatusMessage { get; private set; }

    /// <summary>A refused action (unknown user, nothing to lift), shown with a 400 status.</summary>
    public string? ErrorMessage { get; private set; }
    public SessionPage Result { get; private set; } = new([], 1, SessionsFilterForm.DefaultPageSize, 0, HasNext: false);
    public IReadOnlyList<RequirementSummary> Requirements { get; private set; } = [];
    public SessionConfirmation? Confirmation { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        StatusMessage = StatusMessages.Take(this);
        var query = await Form.ReadAsync(listRules, ModelState, cancellationToken);
        Result = query is null ? Result : await mediator.Send(query, cancellationToken);
        Requirements = await mediator.Send(new ListReauthenticationRequirementsQuery(), cancellationToken);
        Response.StatusCode = ModelState.IsValid && ErrorMessage is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <param name="confirmed">Sent by the confirmation's button; without it the page asks first.</param>
    /// <param name="requirePassword">The confirmation's "require their password on the next sign-in" box.</param>
    public async Task<IActionResult> OnPostRevokeSessionAsync(string session, bool confirmed, bool requirePassword, CancellationToken cancellationToken) =>
        !confirmed
            ? await ConfirmRevocationAsync(new PreviewRevocationQuery(session, null), cancellationToken)
            : await ReplyAsync(RevocationMessages.ForSession(
                await mediator.Send(new RevokeSessionCommand(session, requirePassword), cancellationToken)), cancellationToken);

    public async Task<IActionResult> OnPostRevokeUserAsync(string username, bool confirmed, bool requirePassword, CancellationToken cancellationToken) =>
        !confirmed
            ? await ConfirmRevocationAsync(new PreviewRevocationQuery(null, username), cancellationToken)
            : await ReplyAsync(RevocationMessages.ForUser(
                username, await mediator.Send(new RevokeUserSessionsCommand(username, requirePassword), cancellationToken)), cancellationToken);

    public async Task<IActionResult> OnPostLiftAsync(string username, bool confirmed, CancellationToken cancellationToken) =>
        !confirmed
            ? await ConfirmAsync(() => SessionConfirmation.ForLift(username, Requirements), RevocationMessages.NothingToLift(username), cancellationToken)
            : await ReplyAsync(RevocationMessages.Lifted(
                username, await mediator.Send(new LiftReauthenticationCommand(username), cancellationToken)), cancellationToken);

    private async Task<IActionResult> ConfirmRevocationAsync(PreviewRevocationQuery query, CancellationToken cancellationToken)
    {
        var preview = await mediator.Send(query, cancellationToken);
        return await ConfirmAsync(
            () => preview is null ? null : SessionConfirmation.ForRevocation(preview, allOfUser: query.Username is not null, User),
            RevocationMessages.NothingToRevoke(query), cancellationToken);
    }

    /// <summary>The page asking to confirm an action; with nothing to confirm, the action is answered at once.</summary>
    private async Task<IActionResult> ConfirmAsync(
        Func<SessionConfirmation?> confirmation, RevocationReply nothingToConfirm, CancellationToken cancellationToken)
    {
        await OnGetAsync(cancellationToken);
        Confirmation = confirmation();
        return Confirmation is null ? await ReplyAsync(nothingToConfirm, cancellationToken) : Page();
    }

    /// <summary>A done action redirects back to the same view with its message; a refused one shows the page with a 400.</summary>
    private async Task<IActionResult> ReplyAsync(RevocationReply reply, CancellationToken cancellationToken)
    {
        if (reply.Refused)
        {
            ErrorMessage = reply.Message;
            return await OnGetAsync(cancellationToken);
        }

        StatusMessages.Show(this, reply.Message);
        return RedirectToPage(Form.RouteValues());
    }
}
