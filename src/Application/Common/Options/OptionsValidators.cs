using Microsoft.Extensions.Options;

namespace CasPortal.Application.Common.Options;

/// <summary>Start-up checks with one plain message per bad value, naming the configuration key.</summary>
public sealed class CasOptionsValidator : IValidateOptions<CasOptions>
{
    public ValidateOptionsResult Validate(string? name, CasOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ServerUrl))
        {
            errors.Add("Cas:ServerUrl is required: set it to your CAS server's base URL, e.g. https://cas.example.edu/cas "
                + "(only the Development environment falls back to the built-in development CAS server).");
        }
        else if (BaseUrl.Problem(options.ServerUrl) is { } problem)
        {
            errors.Add($"Cas:ServerUrl '{options.ServerUrl}' {problem}");
        }

        if (options.ProtocolVersion != 3)
        {
            errors.Add($"Cas:ProtocolVersion '{options.ProtocolVersion}' is not supported: use 3 (CAS 3.0).");
        }

        if (options.ValidationTimeout < TimeSpan.FromSeconds(1) || options.ValidationTimeout > TimeSpan.FromMinutes(2))
        {
            errors.Add($"Cas:ValidationTimeout '{options.ValidationTimeout}' must be between 00:00:01 and 00:02:00.");
        }

        if (options.MaxResponseBytes < 1024 || options.MaxResponseBytes > 16 * 1024 * 1024)
        {
            errors.Add($"Cas:MaxResponseBytes '{options.MaxResponseBytes}' must be between 1024 and 16777216.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public sealed class PortalOptionsValidator : IValidateOptions<PortalOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.PublicBaseUrl))
        {
            return ValidateOptionsResult.Fail(
                "Portal:PublicBaseUrl is required: the portal's public address, e.g. https://portal.example.edu. "
                + "Service URLs sent to CAS are built from it.");
        }

        return BaseUrl.Problem(options.PublicBaseUrl) is { } problem
            ? ValidateOptionsResult.Fail($"Portal:PublicBaseUrl '{options.PublicBaseUrl}' {problem}")
            : ValidateOptionsResult.Success;
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

        if (options.LastSeenWriteInterval < TimeSpan.Zero || options.LastSeenWriteInterval >= options.IdleTimeout)
        {
            errors.Add($"Sessions:LastSeenWriteInterval '{options.LastSeenWriteInterval}' must be between 0 and Sessions:IdleTimeout.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal static class BaseUrl
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
