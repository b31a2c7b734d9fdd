using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CasPortal.Web.Pages;

/// <summary>The front door: signed-in users go to their profile, everyone else starts signing in.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() =>
        User.Identity?.IsAuthenticated == true ? LocalRedirect("/profile") : LocalRedirect("/login");
}
