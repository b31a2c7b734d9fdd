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
    /// <param name="signInState">The nonce binding this sign-in to the browser that started it (see SignInState).</param>
    public static string ForLogin(
        string publicBaseUrl, string? localReturnUrl, bool gatewayAttempt = false, bool renew = false, string? signInState = null)
    {
        var query = new List<string>(4);
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

        // Last, so the state can be cut off the URL CAS returns to without touching the rest of the service.
        if (signInState is not null)
        {
            query.Add(SignInStateParameter + "=" + Uri.EscapeDataString(signInState));
        }

        var login = $"{publicBaseUrl.TrimEnd('/')}/login";
        return query.Count == 0 ? login : login + "?" + string.Join('&', query);
    }

    public const string GatewayMarker = "gateway=1";

    public const string RenewMarker = "renew=1";

    /// <summary>The service URL's query parameter that carries the sign-in state back from CAS.</summary>
    public const string SignInStateParameter = "state";

    public static string ForLogoutCallback(string publicBaseUrl) => $"{publicBaseUrl.TrimEnd('/')}/logout-callback";
}
