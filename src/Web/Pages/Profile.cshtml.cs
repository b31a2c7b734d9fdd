using CasPortal.Application.Proxy.CallLinkedServices;
using CasPortal.Application.Sessions;
using CasPortal.Application.Sessions.EndOwnSession;
using CasPortal.Application.Sessions.ListMySessions;
using CasPortal.Web.Authentication;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CasPortal.Web.Pages;

[Authorize]
public sealed class ProfileModel(IMediator mediator) : PageModel
{
    public string Username { get; private set; } = string.Empty;
    public IReadOnlyList<(string Name, IReadOnlyList<string> Values)> Attributes { get; private set; } = [];
    public IReadOnlyList<SessionSummary> Sessions { get; private set; } = [];
    public string? CurrentSessionReference { get; private set; }
    public IReadOnlyList<LinkedServiceResult> LinkedServices { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Username = User.Identity!.Name!;
        Attributes = SessionPrincipal.AttributesOf(User);
        CurrentSessionReference = SessionPrincipal.SessionReferenceOf(User);
        Sessions = await mediator.Send(new ListMySessionsQuery(Username), cancellationToken);
        LinkedServices = await mediator.Send(new CallLinkedServicesQuery(
            SessionPrincipal.SessionIdOf(User)!, CurrentSessionReference!, Username, HttpContext.Origin()), cancellationToken);
    }

    public async Task<IActionResult> OnPostEndSessionAsync(string session, CancellationToken cancellationToken)
    {
        var ended = await mediator.Send(new EndOwnSessionCommand(
            session, User.Identity!.Name!, SessionPrincipal.SessionReferenceOf(User)!, HttpContext.Origin()), cancellationToken);
        StatusMessage = ended ? "That session has been signed out." : "That session had already ended.";
        return RedirectToPage();
    }
}
