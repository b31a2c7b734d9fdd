namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// The CAS protocol's start-up checks on <see cref="CasOptions"/>, with one plain message per bad value naming the
/// configuration key: what a CAS server accepts (versions, formats, login parameters, proxy callbacks and chains).
/// </summary>
internal sealed class CasOptionsValidator : IValidateOptions<CasOptions>
{
    /// <summary>Login parameters the portal sets itself; ExtraLoginParameters may not override them.</summary>
    public static readonly IReadOnlySet<string> ReservedLoginParameters =
        new HashSet<string>(["service", "renew", "gateway", "method", "ticket"], StringComparer.OrdinalIgnoreCase);

    public ValidateOptionsResult Validate(string? name, CasOptions options)
    {
        var errors = new List<string>();
        ValidateServer(options, errors);
        ValidateProtocol(options, errors);
        ValidateLogin(options, errors);
        ValidateAnswers(options, errors);
        ValidateProxying(options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateServer(CasOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.ServerUrl))
        {
            errors.Add("Cas:ServerUrl is required: set it to your CAS server's base URL, e.g. https://cas.example.edu/cas "
                + "(only the Development environment falls back to the built-in development CAS server).");
        }
        else if (BaseUrl.Problem(options.ServerUrl) is { } problem)
        {
            errors.Add($"Cas:ServerUrl '{options.ServerUrl}' {problem}");
        }

        if (options.ValidationTimeout < TimeSpan.FromSeconds(1) || options.ValidationTimeout > TimeSpan.FromMinutes(2))
        {
            errors.Add($"Cas:ValidationTimeout '{options.ValidationTimeout}' must be between 00:00:01 and 00:02:00.");
        }

        if (options.MaxResponseBytes < 1024 || options.MaxResponseBytes > 16 * 1024 * 1024)
        {
            errors.Add($"Cas:MaxResponseBytes '{options.MaxResponseBytes}' must be between 1024 and 16777216.");
        }
    }

    private static void ValidateProtocol(CasOptions options, List<string> errors)
    {
        if (!Enum.IsDefined(options.ProtocolVersion))
        {
            errors.Add($"Cas:ProtocolVersion {Shown(options.ProtocolVersion)}is not supported: use 1, 2, 3 or Saml11 "
                + "(CAS 1.0, CAS 2.0, CAS 3.0, SAML 1.1).");
        }

        if (!Enum.IsDefined(options.ResponseFormat))
        {
            errors.Add($"Cas:ResponseFormat {Shown(options.ResponseFormat)}is not supported: use Xml or Json.");
        }
        else if (options.ResponseFormat == CasResponseFormat.Json && VersionIsNot(options, CasProtocol.V3))
        {
            errors.Add($"Cas:ResponseFormat 'Json' needs Cas:ProtocolVersion 3, not {Version(options)}: only CAS 3.0 answers in JSON.");
        }
    }

    private static void ValidateLogin(CasOptions options, List<string> errors)
    {
        if (options.Renew && options.Gateway)
        {
            errors.Add("Cas:Renew and Cas:Gateway cannot both be true: renew forces the login form, gateway forbids it.");
        }

        if (!Enum.IsDefined(options.LoginMethod))
        {
            errors.Add($"Cas:LoginMethod {Shown(options.LoginMethod)}is not supported: use Get or Post.");
        }
        else if (options.LoginMethod == CasLoginMethod.Post && VersionIsNot(options, CasProtocol.V3))
        {
            errors.Add($"Cas:LoginMethod 'Post' needs Cas:ProtocolVersion 3, not {Version(options)}: method=POST is a CAS 3.0 parameter.");
        }

        foreach (var (parameter, value) in options.ExtraLoginParameters ?? [])
        {
            if (string.IsNullOrWhiteSpace(parameter))
            {
                errors.Add("Cas:ExtraLoginParameters has a parameter without a name.");
            }
            else if (ReservedLoginParameters.Contains(parameter))
            {
                errors.Add($"Cas:ExtraLoginParameters:{parameter} is reserved: the portal sets service, renew, gateway, method "
                    + "and ticket itself (use Cas:Renew, Cas:Gateway and Cas:LoginMethod).");
            }
            else if (value is null)
            {
                errors.Add($"Cas:ExtraLoginParameters:{parameter} has no value.");
            }
        }
    }

    private static void ValidateAnswers(CasOptions options, List<string> errors)
    {
        if (options.UsernameAttribute is { Length: > 0 } attribute)
        {
            if (string.IsNullOrWhiteSpace(attribute) || attribute.Trim() != attribute)
            {
                errors.Add($"Cas:UsernameAttribute '{attribute}' must be an attribute name without surrounding spaces, or be left unset.");
            }
            else if (options.ProtocolVersion == CasProtocol.V1)
            {
                errors.Add($"Cas:UsernameAttribute '{attribute}' cannot be used with Cas:ProtocolVersion 1: CAS 1.0 sends no attributes.");
            }
        }

        if (options.SamlClockSkew < TimeSpan.Zero || options.SamlClockSkew > TimeSpan.FromMinutes(10))
        {
            errors.Add($"Cas:SamlClockSkew '{options.SamlClockSkew}' must be between 00:00:00 and 00:10:00.");
        }
    }

    private static void ValidateProxying(CasOptions options, List<string> errors)
    {
        // An unknown version has its own message; it does not make every proxy option wrong too.
        var proxying = options.ProtocolVersion is CasProtocol.V2 or CasProtocol.V3 || !Enum.IsDefined(options.ProtocolVersion);
        var callback = options.ProxyCallbackUrl;
        if (!string.IsNullOrEmpty(callback))
        {
            if (!proxying)
            {
                errors.Add($"Cas:ProxyCallbackUrl needs Cas:ProtocolVersion 2 or 3, not {Version(options)}: only CAS 2.0 and 3.0 proxy.");
            }
            else if (ProxyCallbackProblem(callback, options.AllowInsecureProxyCallback) is { } problem)
            {
                errors.Add($"Cas:ProxyCallbackUrl '{callback}' {problem}");
            }
        }
        else if (options.RequireProxyGrantingTicket)
        {
            errors.Add("Cas:RequireProxyGrantingTicket needs Cas:ProxyCallbackUrl: without a callback CAS issues no proxy-granting ticket.");
        }

        var chains = options.AllowedProxyChains ?? [];
        if (!proxying && (chains.Count > 0 || options.AcceptAnyProxy))
        {
            errors.Add($"Cas:AllowedProxyChains and Cas:AcceptAnyProxy need Cas:ProtocolVersion 2 or 3, not {Version(options)}: "
                + "only CAS 2.0 and 3.0 validate proxy tickets.");
        }

        if (options.AcceptAnyProxy && chains.Count > 0)
        {
            errors.Add("Cas:AcceptAnyProxy is true and Cas:AllowedProxyChains lists chains: choose one (accepting any proxy makes the list meaningless).");
        }

        for (var i = 0; i < chains.Count; i++)
        {
            var elements = ProxyChainPolicy.Elements(chains[i]);
            if (elements.Length == 0)
            {
                errors.Add($"Cas:AllowedProxyChains:{i} is empty: list the proxy URLs of one chain, most recent first, separated by spaces.");
            }

            foreach (var element in elements)
            {
                if (ProxyChainElementProblem(element) is { } problem)
                {
                    errors.Add($"Cas:AllowedProxyChains:{i} element '{element}' {problem}");
                }
            }
        }
    }

    private static string? ProxyCallbackProblem(string callback, bool allowInsecure)
    {
        if (!Uri.TryCreate(callback, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "is not an absolute https:// URL.";
        }

        if (uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return "must not have a fragment or credentials.";
        }

        return uri.Scheme == Uri.UriSchemeHttp && !allowInsecure
            ? "must use https:// (CAS sends the proxy-granting ticket to it); Cas:AllowInsecureProxyCallback allows http:// for development only."
            : null;
    }

    private static string? ProxyChainElementProblem(string element)
    {
        if (ProxyChainPolicy.IsPattern(element))
        {
            return ProxyChainPolicy.PatternProblem(element) is { } problem
                ? $"is not a valid regular expression: {problem}"
                : null;
        }

        return Uri.TryCreate(element, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? null
            : "is neither an absolute https:// URL nor a regular expression starting with '^'.";
    }

    /// <summary>An undefined enum value quoted, followed by a space; nothing when configuration held no number or name at all.</summary>
    private static string Shown<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == ConfigurationEnumConverter<TEnum>.Unrecognized ? string.Empty : $"'{value}' ";

    /// <summary>A known version other than <paramref name="needed"/> (an unknown one has its own message).</summary>
    private static bool VersionIsNot(CasOptions options, CasProtocol needed) =>
        Enum.IsDefined(options.ProtocolVersion) && options.ProtocolVersion != needed;

    /// <summary>The protocol as configuration spells it: 1, 2, 3 or Saml11.</summary>
    private static string Version(CasOptions options) => options.ProtocolVersion switch
    {
        CasProtocol.Saml11 => "Saml11",
        var version => ((int)version).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
