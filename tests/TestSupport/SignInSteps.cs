using CasPortal.Web.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.WebUtilities;

namespace CasPortal.TestSupport;

public static class SignInSteps
{
    /// <summary>
    /// Opens <paramref name="start"/>, signs in on the development CAS form and follows every redirect back.
    /// </summary>
    public static async Task<HttpResponseMessage> SignInAsync(
        this PortalBrowser browser, string username = "alice", string password = "alice", string start = "/login")
    {
        var casForm = await browser.FollowAsync(await browser.GetAsync(start));
        var answer = await browser.SubmitFormAsync(casForm, "form", new Dictionary<string, string>
        {
            ["username"] = username,
            ["password"] = password,
        });
        return await browser.FollowAsync(answer);
    }

    /// <summary>
    /// Opens <paramref name="start"/> as a browser would and returns the service URL the portal gave CAS (its sign-in
    /// state included): where CAS sends this browser back with a ticket.
    /// </summary>
    public static async Task<Uri> StartSignInAsync(this PortalBrowser browser, string start = "/login")
    {
        var toCas = await browser.GetAsync(start);
        return ServiceOf(PortalBrowser.Location(toCas));
    }

    /// <summary>The service parameter of a CAS login URL.</summary>
    public static Uri ServiceOf(Uri casLoginUrl) => new(QueryHelpers.ParseQuery(casLoginUrl.Query)["service"].ToString());

    /// <summary>The path and query CAS redirects to after sign-in: the service with the ticket appended.</summary>
    public static string WithTicket(this Uri service, string ticket) =>
        service.PathAndQuery + (service.Query.Length > 0 ? "&" : "?") + "ticket=" + Uri.EscapeDataString(ticket);

    /// <summary>The URL the CAS server sent the browser back to, ticket included.</summary>
    public static Uri TicketCallback(this PortalBrowser browser) =>
        browser.History.Last(url => url.Query.Contains("ticket=", StringComparison.Ordinal));

    /// <summary>Every revocation and sign-out of another browser asks first; this answers the confirmation with its defaults.</summary>
    public static async Task<HttpResponseMessage> ConfirmAsync(this PortalBrowser browser, HttpResponseMessage confirmation)
    {
        if (confirmation.StatusCode != System.Net.HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Expected a confirmation page, got {(int)confirmation.StatusCode}.");
        }

        return await browser.SubmitFormAsync(confirmation, "[data-testid=confirm-form]");
    }

    /// <summary>What the browser's session cookie names, read the way the portal reads it.</summary>
    public static string SessionIdInCookie(this PortalFactory portal, PortalBrowser browser)
    {
        var cookie = browser.Cookies.GetCookies(new Uri(portal.BaseUrl))["casportal.session"]!.Value;
        var options = portal.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(SessionPrincipal.Scheme);
        var ticket = options.TicketDataFormat.Unprotect(cookie)!;
        return ticket.Principal.FindFirst("Microsoft.AspNetCore.Authentication.Cookies-SessionId")!.Value;
    }
}
