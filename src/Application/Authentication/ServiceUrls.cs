namespace CasPortal.Application.Authentication;

/// <summary>
/// The service URLs the portal gives CAS. Built only from Portal:PublicBaseUrl and the (already checked) return path,
/// so the login redirect and the validation call send the very same string.
/// </summary>
public static class ServiceUrls
{
    /// <param name="gatewayAttempt">
    /// A silent (gateway) sign-in attempt returns to a service marked gateway=1, so that coming back without a ticket
    /// reads as "no single sign-on session" rather than as a new request to sign in.
    /// </param>
    /// <param name="renew">
    /// A sign-in that must come from typed credentials returns to a service marked renew=1, so the validation asks for
    /// renew too. The mark is part of the service the ticket was issued for: removing it makes the ticket INVALID_SERVICE.
    /// </param>
    public static string ForLogin(string publicBaseUrl, string? localReturnUrl, bool gatewayAttempt = false, bool renew = false)
    {
        var query = new List<string>(3);
        if (localReturnUrl is not null)
        {
            query.Add("next=" + Uri.EscapeDataString(localReturnUrl));
        }

        if (gatewayAttempt)
        {
            query.Add(GatewayMarker);
        }

        if (renew)
        {
            query.Add(RenewMarker);
        }

        var login = $"{publicBaseUrl.TrimEnd('/')}/login";
        return query.Count == 0 ? login : login + "?" + string.Join('&', query);
    }

    public const string GatewayMarker = "gateway=1";

    public const string RenewMarker = "renew=1";

    public static string ForLogoutCallback(string publicBaseUrl) => $"{publicBaseUrl.TrimEnd('/')}/logout-callback";
}
