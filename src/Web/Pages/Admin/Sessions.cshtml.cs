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
    public SessionsFilterForm Form { get; private set; } = new();
    public FilterErrors Errors => new(ModelState);
    [TempData] public string? StatusMessage { get; set; }

    /// <summary>A refused action (unknown user, nothing to lift), shown with a 400 status.</summary>
    public string? ErrorMessage { get; private set; }
    public SessionPage Result { get; private set; } = new([], 1, SessionsFilterForm.DefaultPageSize, 0);
    public IReadOnlyList<RequirementSummary> Requirements { get; private set; } = [];
    public SessionConfirmation? Confirmation { get; private set; }

    public async Task<IActionResult> OnGetAsync(SessionsFilterForm form, CancellationToken cancellationToken)
    {
        Form = form;
        var query = form.ToQuery();
        FilterErrors.Add(ModelState, await listRules.ValidateAsync(query, cancellationToken), SessionsFilterForm.FieldOf);
        Result = ModelState.IsValid ? await mediator.Send(query, cancellationToken) : Result;
        Requirements = await mediator.Send(new ListReauthenticationRequirementsQuery(), cancellationToken);
        Response.StatusCode = ModelState.IsValid ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <param name="confirmed">Sent by the confirmation's button; without it the page asks first.</param>
    /// <param name="requirePassword">The confirmation's "require their password on the next sign-in" box.</param>
    public async Task<IActionResult> OnPostRevokeSessionAsync(
        SessionsFilterForm form, string session, bool confirmed, bool requirePassword, CancellationToken cancellationToken) =>
        !confirmed
            ? await ConfirmRevocationAsync(form, new PreviewRevocationQuery(session, null), cancellationToken)
            : Done(form, RevocationMessages.ForSession(await mediator.Send(
                new RevokeSessionCommand(session, requirePassword), cancellationToken)));

    public async Task<IActionResult> OnPostRevokeUserAsync(
        SessionsFilterForm form, string username, bool confirmed, bool requirePassword, CancellationToken cancellationToken)
    {
        if (!confirmed)
        {
            return await ConfirmRevocationAsync(form, new PreviewRevocationQuery(null, username), cancellationToken);
        }

        var outcome = await mediator.Send(
            new RevokeUserSessionsCommand(username, requirePassword), cancellationToken);
        return outcome.Username is null
            ? await RefuseAsync(form, RevocationMessages.UnknownUser(username), cancellationToken)
            : Done(form, RevocationMessages.ForUser(outcome));
    }

    public async Task<IActionResult> OnPostLiftAsync(SessionsFilterForm form, string username, bool confirmed, CancellationToken cancellationToken)
    {
        if (!confirmed)
        {
            await OnGetAsync(form, cancellationToken);
            Confirmation = SessionConfirmation.ForLift(username, Requirements);
            return Confirmation is null ? await RefuseAsync(form, RevocationMessages.NothingToLift(username), cancellationToken) : Page();
        }

        var lifted = await mediator.Send(new LiftReauthenticationCommand(username), cancellationToken);
        return lifted == 0
            ? await RefuseAsync(form, RevocationMessages.NothingToLift(username), cancellationToken)
            : Done(form, RevocationMessages.Lifted(username));
    }

    private async Task<IActionResult> ConfirmRevocationAsync(SessionsFilterForm form, PreviewRevocationQuery query, CancellationToken cancellationToken)
    {
        var preview = await mediator.Send(query, cancellationToken);
        if (preview is null)
        {
            return query.Username is { } username
                ? await RefuseAsync(form, RevocationMessages.UnknownUser(username), cancellationToken)
                : Done(form, RevocationMessages.AlreadyEnded);
        }

        await OnGetAsync(form, cancellationToken);
        Confirmation = SessionConfirmation.ForRevocation(preview, allOfUser: query.Username is not null, User);
        return Page();
    }

    private RedirectToPageResult Done(SessionsFilterForm form, string message)
    {
        StatusMessage = message;
        return RedirectToPage(form.RouteValues());
    }

    private async Task<IActionResult> RefuseAsync(SessionsFilterForm form, string message, CancellationToken cancellationToken)
    {
        await OnGetAsync(form, cancellationToken);
        ErrorMessage = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
