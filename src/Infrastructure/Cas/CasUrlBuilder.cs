using System.Text;

namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// URLs of the CAS endpoints: <c>{serverUrl}/{endpoint}?name=value&amp;…</c>. Pure string work. Every parameter name and
/// value is percent-encoded with <see cref="Uri.EscapeDataString"/> (RFC 3986), in the order given, so the service the
/// portal built arrives at CAS byte for byte and a ticket cannot smuggle in parameters of its own.
/// </summary>
internal static class CasUrlBuilder
{
    public const string LoginEndpoint = "login";
    public const string ServiceValidateEndpoint = "p3/serviceValidate";
    public const string LogoutEndpoint = "logout";

    public static string Login(string serverUrl, string service) =>
        Build(serverUrl, LoginEndpoint, [new("service", service)]);

    /// <summary>The CAS 3.0 validation URL. <paramref name="service"/> must be the very string sent to login.</summary>
    public static string ServiceValidate(string serverUrl, string service, string ticket) =>
        Build(serverUrl, ServiceValidateEndpoint, [new("service", service), new("ticket", ticket)]);

    public static string Logout(string serverUrl, string service) =>
        Build(serverUrl, LogoutEndpoint, [new("service", service)]);

    /// <param name="serverUrl">The CAS base URL, with or without a path and with or without a trailing '/'.</param>
    /// <param name="endpoint">A path below the base URL, without a leading '/'.</param>
    /// <param name="parameters">Query parameters in the order they are sent; later ones (renew, pgtUrl …) go here too.</param>
    public static string Build(string serverUrl, string endpoint, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serverUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        ArgumentNullException.ThrowIfNull(parameters);

        var url = new StringBuilder(serverUrl.TrimEnd('/')).Append('/').Append(endpoint);
        var separator = '?';
        foreach (var (name, value) in parameters)
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(parameters));
            ArgumentNullException.ThrowIfNull(value, name);
            url.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return url.ToString();
    }
}
