using CasPortal.Application.Proxy.CallLinkedServices;
using CasPortal.Application.Sessions;
using CasPortal.Application.Sessions.EndOwnSession;
using CasPortal.Application.Sessions.ListMySessions;
using CasPortal.Application.Sessions.SignOutEverywhere;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace CasPortal.Web.Pages;

[Authorize]
[ListsOwnSessions]
public sealed class ProfileModel(IMediator mediator) : PageModel
{
    public string Username { get; private set; } = string.Empty;
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();
    public IReadOnlyList<SessionSummary> Sessions { get; private set; } = [];
    public string? CurrentSessionReference { get; private set; }
    public IReadOnlyList<LinkedServiceResult> LinkedServices { get; private set; } = [];

    /// <summary>The other browser's session waiting for the user to confirm "Sign out there".</summary>
    public SessionSummary? ConfirmEndSession { get; private set; }

    /// <summary>"Sign out everywhere" waits for the user's confirmation.</summary>
    public bool ConfirmSignOutEverywhere { get; private set; }

    public string? StatusMessage { get; private set; }

    // The page's most opened view takes no parameter, so that no model binding runs for it.
    public async Task OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        await LoadSessionsAsync(cancellationToken);
        LinkedServices = await mediator.Send(new CallLinkedServicesQuery(
            SessionPrincipal.SessionIdOf(User)!, CurrentSessionReference!, Username), cancellationToken);
    }

    /// <summary>Asks before signing out another browser of the user.</summary>
    public async Task<IActionResult> OnGetConfirmEndSessionAsync(string session, CancellationToken cancellationToken)
    {
        await LoadSessionsAsync(cancellationToken);
        ConfirmEndSession = Sessions.FirstOrDefault(s => s.Reference == session && s.Reference != CurrentSessionReference);
        if (ConfirmEndSession is not null)
        {
            return Page();
        }

        StatusMessages.Show(this, "That session had already ended.");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEndSessionAsync(string session, CancellationToken cancellationToken)
    {
        var ended = await mediator.Send(new EndOwnSessionCommand(session), cancellationToken);
        StatusMessages.Show(this, ended
            ? "That browser is signed out. To sign in there again it must type your password: single sign-on alone will not do."
            : "That session had already ended.");
        return RedirectToPage();
    }

    /// <summary>Asks before "Sign out everywhere".</summary>
    public async Task OnGetConfirmSignOutEverywhereAsync(CancellationToken cancellationToken)
    {
        await LoadSessionsAsync(cancellationToken);
        ConfirmSignOutEverywhere = true;
    }

    /// <summary>Ends every session of the user, requires the password at the next sign-in, then signs out at CAS.</summary>
    public async Task<IActionResult> OnPostSignOutEverywhereAsync(CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new SignOutEverywhereCommand(), cancellationToken);
        await HttpContext.SignOutAsync(SessionPrincipal.Scheme);
        return Redirect(result.CasLogoutUrl.OriginalString);
    }

    private async Task LoadSessionsAsync(CancellationToken cancellationToken)
    {
        StatusMessage = StatusMessages.Take(this);
        Username = User.Identity!.Name!;
        Attributes = SessionPrincipal.AttributesOf(User);
        CurrentSessionReference = SessionPrincipal.SessionReferenceOf(User);
        Sessions = OwnSessions.ReadWithCheck(HttpContext) ?? await mediator.Send(new ListMySessionsQuery(Username), cancellationToken);
    }
}
