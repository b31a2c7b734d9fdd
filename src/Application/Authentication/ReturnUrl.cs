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

        // A browser may decode before it resolves, so every decoded form must be local as well.
        var form = candidate;
        for (var depth = 0; depth < 4; depth++)
        {
            if (!IsPlainLocalPath(form))
            {
                return null;
            }

            var decoded = Uri.UnescapeDataString(form);
            if (decoded == form)
            {
                return candidate;
            }

            form = decoded;
        }

        return null;
    }

    public static string LocalOrDefault(string? candidate) => LocalOrNull(candidate) ?? Default;

    private static bool IsPlainLocalPath(string value)
    {
        if (value.Length == 0 || value[0] != '/')
        {
            return false;
        }

        if (value.Length > 1 && (value[1] == '/' || value[1] == '\\'))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c == '\\' || char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }
}
