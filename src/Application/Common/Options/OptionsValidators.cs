namespace CasPortal.Application.Common.Options;

public sealed class PortalOptionsValidator : IValidateOptions<PortalOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.PublicBaseUrl))
        {
            errors.Add("Portal:PublicBaseUrl is required: the portal's public address, e.g. https://portal.example.edu. "
                + "Service URLs sent to CAS are built from it.");
        }
        else if (BaseUrl.Problem(options.PublicBaseUrl) is { } problem)
        {
            errors.Add($"Portal:PublicBaseUrl '{options.PublicBaseUrl}' {problem}");
        }

        if (string.IsNullOrEmpty(options.AdminAttribute) != string.IsNullOrEmpty(options.AdminAttributeValue))
        {
            errors.Add("Portal:AdminAttribute and Portal:AdminAttributeValue go together: set both or neither.");
        }

        errors.AddRange(options.KnownProxies
            .Where(proxy => !System.Net.IPAddress.TryParse(proxy, out _))
            .Select(proxy => $"Portal:KnownProxies '{proxy}' is not an IP address."));
        errors.AddRange(options.KnownNetworks
            .Where(network => !System.Net.IPNetwork.TryParse(network, out _))
            .Select(network => $"Portal:KnownNetworks '{network}' is not a network in CIDR form, e.g. 10.0.0.0/8."));
        for (var i = 0; i < options.LinkedServices.Count; i++)
        {
            var service = options.LinkedServices[i];
            if (string.IsNullOrWhiteSpace(service.Name))
            {
                errors.Add($"Portal:LinkedServices:{i}:Name is required.");
            }

            if (!Uri.TryCreate(service.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"Portal:LinkedServices:{i}:Url '{service.Url}' is not an absolute http:// or https:// URL.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public sealed class SessionOptionsValidator : IValidateOptions<SessionOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionOptions options)
    {
        var errors = new List<string>();
        if (options.IdleTimeout < TimeSpan.FromMinutes(1))
        {
            errors.Add($"Sessions:IdleTimeout '{options.IdleTimeout}' must be at least 00:01:00.");
        }

        if (options.AbsoluteLifetime < options.IdleTimeout)
        {
            errors.Add($"Sessions:AbsoluteLifetime '{options.AbsoluteLifetime}' must be at least Sessions:IdleTimeout.");
        }

        if (options.CleanupInterval < TimeSpan.FromSeconds(10))
        {
            errors.Add($"Sessions:CleanupInterval '{options.CleanupInterval}' must be at least 00:00:10.");
        }

        if (options.EndedSessionRetention < TimeSpan.Zero)
        {
            errors.Add($"Sessions:EndedSessionRetention '{options.EndedSessionRetention}' must not be negative.");
        }

        if (options.LastSeenWriteInterval < TimeSpan.Zero || options.LastSeenWriteInterval >= options.IdleTimeout)
        {
            errors.Add($"Sessions:LastSeenWriteInterval '{options.LastSeenWriteInterval}' must be between 0 and Sessions:IdleTimeout.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public static class BaseUrl
{
    /// <summary>Why a configured base URL is unusable, or null when it is fine.</summary>
    public static string? Problem(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "is not an absolute http:// or https:// URL.";
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return "must not have a query, a fragment or credentials.";
        }

        return null;
    }
}
