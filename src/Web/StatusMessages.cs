namespace CasPortal.Web;

/// <summary>
/// The one-time message a page shows after its own form posted and redirected back to it ("That browser is signed
/// out."), carried in TempData's cookie. It is read only when the browser sent that cookie: loading TempData on a view
/// without it would answer every view with a Set-Cookie deleting a cookie the browser does not have.
/// </summary>
public static class StatusMessages
{
    public const string CookieName = "casportal.tempdata";
    private const string Key = "StatusMessage";

    public static string? Take(PageModel page) =>
        page.Request.Cookies.ContainsKey(CookieName) ? page.TempData[Key] as string : null;

    public static void Show(PageModel page, string message) => page.TempData[Key] = message;
}
