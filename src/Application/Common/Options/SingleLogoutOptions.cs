using System.Net;

namespace CasPortal.Application.Common.Options;

/// <summary>The <c>Cas:SingleLogout</c> configuration section: logout requests the CAS server sends.</summary>
public sealed class SingleLogoutOptions
{
    public const string SectionName = "Cas:SingleLogout";

    /// <summary>False ignores every logout request (they are still answered, so the CAS server does not retry).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// CAS server addresses allowed to send back-channel logout requests, in CIDR form (192.0.2.10/32, 2001:db8::/64).
    /// Empty allows any address: the request still only ends the session holding the ticket it names. Front-channel
    /// requests come from users' browsers, whose addresses say nothing about the CAS server, so this list never
    /// applies to them; <see cref="FrontChannel"/> switches them off.
    /// </summary>
    public List<string> AllowedSources { get; set; } = [];

    /// <summary>
    /// Accept front-channel requests (<c>GET /login?logoutRequest=</c> or <c>SAMLRequest=</c>, carried by the browser).
    /// Off, they are refused (403, audited) and only the back channel ends sessions.
    /// </summary>
    public bool FrontChannel { get; set; } = true;

    /// <summary>Larger logout requests are refused unread.</summary>
    public int MaxRequestBytes { get; set; } = 16 * 1024;
}

public sealed class SingleLogoutOptionsValidator : IValidateOptions<SingleLogoutOptions>
{
    public ValidateOptionsResult Validate(string? name, SingleLogoutOptions options)
    {
        var errors = options.AllowedSources
            .Where(source => !IPNetwork.TryParse(source, out _))
            .Select(source => $"Cas:SingleLogout:AllowedSources '{source}' is not an address range in CIDR form, e.g. 192.0.2.10/32.")
            .ToList();
        if (options.MaxRequestBytes is < 1024 or > 1024 * 1024)
        {
            errors.Add($"Cas:SingleLogout:MaxRequestBytes '{options.MaxRequestBytes}' must be between 1024 and 1048576.");
        }

        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors);
    }
}
