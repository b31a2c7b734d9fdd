using CasPortal.Application.Sessions.ListActiveSessions;
using CasPortal.Application.Sessions.RevokeSession;
using CasPortal.Application.Sessions.RevokeUserSessions;
using CasPortal.Web.Authentication;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CasPortal.Web.Pages.Admin;

/// <summary>Administrators see every active session and can end one, or every session of a user.</summary>
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

    public SessionPage Result { get; private set; } = new([], 1, DefaultPageSize, 0);

    public string? CurrentSessionReference => SessionPrincipal.SessionReferenceOf(User);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Result = await mediator.Send(new ListActiveSessionsQuery(UserFilter, Sort, PageNumber, PageSize), cancellationToken);

    public async Task<IActionResult> OnPostRevokeSessionAsync(string session, CancellationToken cancellationToken)
    {
        var ended = await mediator.Send(new RevokeSessionCommand(session, User.Identity!.Name!, HttpContext.Origin()), cancellationToken);
        StatusMessage = ended == 1 ? "The session was revoked." : "That session had already ended.";
        return RedirectToPage(new { user = UserFilter, Sort, PageNumber, PageSize });
    }

    public async Task<IActionResult> OnPostRevokeUserAsync(string username, CancellationToken cancellationToken)
    {
        var ended = await mediator.Send(new RevokeUserSessionsCommand(username, User.Identity!.Name!, HttpContext.Origin()), cancellationToken);
        StatusMessage = ended switch
        {
            0 => $"{username} had no active sessions.",
            1 => $"Revoked 1 session of {username}.",
            _ => $"Revoked {ended} sessions of {username}.",
        };
        return RedirectToPage(new { user = UserFilter, Sort, PageNumber, PageSize });
    }
}
