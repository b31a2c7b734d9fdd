namespace CasPortal.Application.Authentication;

/// <summary>
/// The service URLs the portal gives CAS. Built only from Portal:PublicBaseUrl and the (already checked) return path,
/// so the login redirect and the validation call send the very same string.
/// </summary>
public static class ServiceUrls
{
    public static string ForLogin(string publicBaseUrl, string? localReturnUrl) =>
        localReturnUrl is null
            ? $"{publicBaseUrl.TrimEnd('/')}/login"
            : $"{publicBaseUrl.TrimEnd('/')}/login?next={Uri.EscapeDataString(localReturnUrl)}";

    public static string ForLogoutCallback(string publicBaseUrl) => $"{publicBaseUrl.TrimEnd('/')}/logout-callback";
}
