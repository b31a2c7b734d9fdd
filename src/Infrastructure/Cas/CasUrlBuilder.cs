using System.Text;

namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// URLs of the CAS endpoints: <c>{serverUrl}/{endpoint}?name=value&amp;…</c>, chosen by <see cref="CasOptions"/>. Pure
/// string work. Every parameter name and value is percent-encoded with <see cref="Uri.EscapeDataString"/> (RFC 3986),
/// in a fixed order, so the service the portal built arrives at CAS byte for byte and a ticket cannot smuggle in
/// parameters of its own.
/// </summary>
internal static class CasUrlBuilder
{
    /// <summary>
    /// {ServerUrl}/login?service=…[&amp;renew=true][&amp;gateway=true][&amp;method=POST], then Cas:ExtraLoginParameters
    /// sorted by name (ordinal). Reserved names among the extras are skipped (start-up validation refuses them).
    /// </summary>
    /// <param name="renew">renew=true for this sign-in even when Cas:Renew is off.</param>
    public static string Login(CasOptions options, string service, bool gatewayAttempt, bool renew = false)
    {
        List<KeyValuePair<string, string>> parameters = [new("service", service)];
        AddRenew(options, renew, parameters);
        if (gatewayAttempt)
        {
            parameters.Add(new("gateway", "true"));
        }

        if (options.LoginMethod == CasLoginMethod.Post)
        {
            parameters.Add(new("method", "POST"));
        }

        parameters.AddRange((options.ExtraLoginParameters ?? [])
            .Where(parameter => !CasOptionsValidator.ReservedLoginParameters.Contains(parameter.Key))
            .OrderBy(parameter => parameter.Key, StringComparer.Ordinal)
            .Select(parameter => new KeyValuePair<string, string>(parameter.Key, parameter.Value ?? string.Empty)));
        return Build(ServerUrl(options), "login", parameters);
    }

    /// <summary>
    /// The GET validation URL of CAS 1.0, 2.0 and 3.0: service, ticket, then renew, pgtUrl and format when they apply.
    /// <paramref name="service"/> must be the very string sent to login.
    /// </summary>
    public static string Validation(CasOptions options, string service, string ticket, bool renew = false)
    {
        List<KeyValuePair<string, string>> parameters = [new("service", service), new("ticket", ticket)];
        AddRenew(options, renew, parameters);
        if ((options.ProtocolVersion is CasProtocol.V2 or CasProtocol.V3) && !string.IsNullOrEmpty(options.ProxyCallbackUrl))
        {
            parameters.Add(new("pgtUrl", options.ProxyCallbackUrl));
        }

        if (options.ProtocolVersion == CasProtocol.V3 && options.ResponseFormat == CasResponseFormat.Json)
        {
            parameters.Add(new("format", "JSON"));
        }

        return Build(ServerUrl(options), ValidationEndpoint(options, ticket), parameters);
    }

    /// <summary>
    /// validate (1.0); serviceValidate or proxyValidate (2.0, under p3/ for 3.0; SAML 1.1 has its own POST). proxyValidate for a PT-… ticket and
    /// whenever the portal accepts proxies at all, so that CAS reports the chain for the policy to check.
    /// </summary>
    public static string ValidationEndpoint(CasOptions options, string ticket)
    {
        if (options.ProtocolVersion == CasProtocol.V1)
        {
            return "validate";
        }

        if (options.ProtocolVersion == CasProtocol.Saml11)
        {
            throw new InvalidOperationException("SAML 1.1 validates by a POST to samlValidate; see SamlValidate.");
        }

        var proxy = ticket.StartsWith(Tickets.ProxyTicketPrefix, StringComparison.Ordinal)
            || options.AllowedProxyChains is { Count: > 0 }
            || options.AcceptAnyProxy;
        var endpoint = proxy ? "proxyValidate" : "serviceValidate";
        return options.ProtocolVersion == CasProtocol.V3 ? "p3/" + endpoint : endpoint;
    }

    /// <summary>SAML 1.1: {ServerUrl}/samlValidate?TARGET={service}[&amp;renew=true]; the ticket travels in the POST body.</summary>
    public static string SamlValidate(CasOptions options, string service, bool renew = false)
    {
        List<KeyValuePair<string, string>> parameters = [new("TARGET", service)];
        AddRenew(options, renew, parameters);
        return Build(ServerUrl(options), "samlValidate", parameters);
    }

    /// <summary>{ServerUrl}/proxy?pgt=…&amp;targetService=…</summary>
    public static string Proxy(CasOptions options, string proxyGrantingTicket, string targetService) =>
        Build(ServerUrl(options), "proxy", [new("pgt", proxyGrantingTicket), new("targetService", targetService)]);

    /// <summary>{ServerUrl}/logout?service=… for CAS 3.0 and SAML 1.1; ?url=… for CAS 1.0 and 2.0 servers.</summary>
    public static string Logout(CasOptions options, string service) =>
        Build(ServerUrl(options), "logout", [new(options.ProtocolVersion is CasProtocol.V1 or CasProtocol.V2 ? "url" : "service", service)]);

    /// <param name="serverUrl">The CAS base URL, with or without a path and with or without a trailing '/'.</param>
    /// <param name="endpoint">A path below the base URL, without a leading '/'.</param>
    /// <param name="parameters">Query parameters in the order they are sent.</param>
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

    /// <summary>
    /// renew=true on login and on validation alike: only then can CAS refuse a ticket from an SSO session. Always with
    /// Cas:Renew; per sign-in when <paramref name="renew"/> asks for it.
    /// </summary>
    private static void AddRenew(CasOptions options, bool renew, List<KeyValuePair<string, string>> parameters)
    {
        if (options.Renew || renew)
        {
            parameters.Add(new("renew", "true"));
        }
    }

    private static string ServerUrl(CasOptions options) => string.IsNullOrWhiteSpace(options.ServerUrl)
        ? throw new InvalidOperationException("Cas:ServerUrl is not configured.")
        : options.ServerUrl;
}
