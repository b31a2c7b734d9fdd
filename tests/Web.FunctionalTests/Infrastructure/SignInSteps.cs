namespace CasPortal.Web.FunctionalTests.Infrastructure;

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
}
