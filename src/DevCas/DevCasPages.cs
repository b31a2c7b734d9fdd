using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace CasPortal.DevCas;

/// <summary>
/// The HTML pages. Every dynamic value goes through <see cref="HtmlEncoder"/>; there is no script and no style
/// attribute or block, because the portal sends a Content-Security-Policy without inline scripts or styles.
/// </summary>
internal static class DevCasPages
{
    public static IResult LoginForm(
        string formAction, string service, IEnumerable<string> knownUsers, string username = "", string? error = null,
        int statusCode = StatusCodes.Status200OK, bool postTicket = false)
    {
        var errorHtml = error is null ? "" : $"<p role=\"alert\"><strong>{Encode(error)}</strong></p>\n";
        // method=POST travels with the form, so that the ticket is posted back after the credentials are checked.
        var methodHtml = postTicket ? "\n<input type=\"hidden\" name=\"method\" value=\"POST\">" : "";
        var body = $"""
            {errorHtml}<form method="post" action="{Encode(formAction)}">
            <input type="hidden" name="service" value="{Encode(service)}">{methodHtml}
            <p><label for="username">Username</label><br><input id="username" name="username" value="{Encode(username)}" autocomplete="username" required autofocus></p>
            <p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
            <p><button type="submit">Sign in</button></p>
            </form>
            <p>Signing in to: <code>{Encode(service)}</code></p>
            <p>Configured users (section DevCas:Users): {Encode(UserList(knownUsers))}</p>
            """;
        return Page("Sign in", body, statusCode);
    }

    /// <summary>
    /// The answer to <c>method=POST</c> (CAS 3.0): the ticket goes to the service in a form post instead of a query
    /// string. Real servers submit this form with a script; the portal's Content-Security-Policy allows no inline
    /// script, so there is none here: the user presses a plain button.
    /// </summary>
    public static IResult PostTicket(string service, string ticket) => Page(
        "Continue to the application",
        $"""
        <form method="post" action="{Encode(service)}">
        <input type="hidden" name="ticket" value="{Encode(ticket)}">
        <p><button type="submit">Continue to the application</button></p>
        </form>
        <p>You are signed in. The application <code>{Encode(service)}</code> asked to receive the ticket by a form post.</p>
        """,
        StatusCodes.Status200OK);

    public static IResult ServiceMissing() => Page(
        "Service missing",
        "<p>service missing: the sign-in link must carry a <code>service</code> parameter, the application's callback URL.</p>",
        StatusCodes.Status400BadRequest);

    public static IResult ServiceNotAllowed(string service) => Page(
        "Application not allowed",
        $"""
        <p>This application is not allowed to use this CAS server.</p>
        <p>The service <code>{Encode(service)}</code> is not an absolute http(s) URL without fragment, or it does not
        start with one of the prefixes in DevCas:AllowedServicePrefixes.</p>
        """,
        StatusCodes.Status400BadRequest);

    public static IResult NotAFormPost() => Page(
        "Bad request", "<p>Expected a form post (application/x-www-form-urlencoded).</p>", StatusCodes.Status400BadRequest);

    public static IResult SignedOut(string? service)
    {
        var link = service is null ? "" : $"\n<p><a href=\"{Encode(service)}\">Back to the application</a></p>";
        return Page("Signed out", $"<p>You are signed out of the development CAS server.</p>{link}", StatusCodes.Status200OK);
    }

    private static IResult Page(string title, string body, int statusCode) => Results.Content(
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Encode(title)} - Development CAS server</title>
        </head>
        <body>
        <header><p><strong>Development CAS server — for development only, never use in production</strong></p></header>
        <main>
        <h1>{Encode(title)}</h1>
        {body}
        </main>
        </body>
        </html>

        """,
        "text/html; charset=utf-8",
        statusCode: statusCode);

    /// <summary>The first few configured user names: a load test configures thousands, and the form stays small.</summary>
    private static string UserList(IEnumerable<string> knownUsers)
    {
        const int shown = 10;
        var names = knownUsers.Take(shown + 1).ToList();
        if (names.Count <= shown)
        {
            return string.Join(", ", names);
        }

        var more = knownUsers.Count() - shown;
        return $"{string.Join(", ", names.Take(shown))} and {more} more";
    }

    private static string Encode(string value) => HtmlEncoder.Default.Encode(value);
}
