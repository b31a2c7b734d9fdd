using CasPortal.Web.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CasPortal.Web.Pages;

[Authorize]
public sealed class ProfileModel : PageModel
{
    public string Username { get; private set; } = string.Empty;
    public IReadOnlyList<(string Name, IReadOnlyList<string> Values)> Attributes { get; private set; } = [];

    public void OnGet()
    {
        Username = User.Identity?.Name ?? string.Empty;
        Attributes = SessionPrincipal.AttributesOf(User);
    }
}
