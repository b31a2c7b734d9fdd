using CasPortal.Domain;

namespace CasPortal.Application.Authentication;

/// <summary>
/// Decides where a user may be sent after signing in. Only paths on this portal pass; anything that a browser could
/// read as another host (//evil, /\evil, https:evil, javascript:, encoded or with control characters) is dropped.
/// </summary>
public static class ReturnUrl
{
    public const string Default = "/profile";

    /// <summary>The value when it is a safe local path, otherwise null.</summary>
    public static string? LocalOrNull(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate) || candidate.Length > Limits.ReturnUrlLength)
        {
            return null;
        }

        if (!IsPlainLocalPath(candidate))
        {
            return null;
        }

        // Some browsers and proxies decode before they resolve, so no decoded form may name another host either.
        var form = candidate;
        for (var depth = 0; depth < 4; depth++)
        {
            var decoded = Uri.UnescapeDataString(form);
            if (decoded == form)
            {
                return candidate;
            }

            if (!StaysOnThisHost(decoded))
            {
                return null;
            }

            form = decoded;
        }

        return null;
    }

    public static string LocalOrDefault(string? candidate) => LocalOrNull(candidate) ?? Default;

    /// <summary>Browsers drop tabs and newlines and read a backslash as '/', so the raw value holds none of them.</summary>
    private static bool IsPlainLocalPath(string value) => StaysOnThisHost(value) && !value.Any(char.IsWhiteSpace);

    private static bool StaysOnThisHost(string path) =>
        path.Length > 0 && path[0] == '/'
        && !(path.Length > 1 && (path[1] == '/' || path[1] == '\\'))
        && !path.Any(c => c == '\\' || char.IsControl(c));
}
