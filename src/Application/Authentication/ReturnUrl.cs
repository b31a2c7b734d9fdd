using System.Text;

namespace CasPortal.Application.Authentication;

/// <summary>
/// Decides where a user may be sent after signing in. Only paths on this portal pass; anything that a browser could
/// read as another host (//evil, /\evil, https:evil, javascript:, encoded or with control characters) is dropped.
/// A path that passes comes back in printable ASCII, non-ASCII characters percent-encoded as UTF-8, so it can always
/// be sent in a Location header.
/// </summary>
public static class ReturnUrl
{
    public const string Default = "/profile";

    /// <summary>The value when it is a safe local path (percent-encoded to ASCII), otherwise null.</summary>
    public static string? LocalOrNull(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate) || candidate.Length > Limits.ReturnUrlLength || HasBrokenSurrogate(candidate))
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
                return AsAscii(candidate);
            }

            if (HasBrokenSurrogate(decoded) || !StaysOnThisHost(decoded))
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

    /// <summary>
    /// Also in compatibility form, where a fullwidth solidus or reverse solidus becomes '/' or '\', as software that
    /// normalises text before resolving a URL would read it.
    /// </summary>
    private static bool StaysOnThisHost(string path) =>
        IsLocalPathShape(path) && (path.IsNormalized(NormalizationForm.FormKC) || IsLocalPathShape(path.Normalize(NormalizationForm.FormKC)));

    private static bool IsLocalPathShape(string path) =>
        path.Length > 0 && path[0] == '/'
        && !(path.Length > 1 && (path[1] == '/' || path[1] == '\\'))
        && !path.Any(c => c == '\\' || char.IsControl(c));

    /// <summary>Non-ASCII characters percent-encoded as UTF-8; null when that makes the path too long.</summary>
    private static string? AsAscii(string path)
    {
        if (path.All(char.IsAscii))
        {
            return path;
        }

        var ascii = new StringBuilder(path.Length * 3);
        for (var i = 0; i < path.Length; i++)
        {
            var length = char.IsHighSurrogate(path[i]) ? 2 : 1;
            if (length == 1 && char.IsAscii(path[i]))
            {
                ascii.Append(path[i]);
            }
            else
            {
                foreach (var b in Encoding.UTF8.GetBytes(path.Substring(i, length)))
                {
                    ascii.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            i += length - 1;
        }

        return ascii.Length > Limits.ReturnUrlLength ? null : ascii.ToString();
    }

    private static bool HasBrokenSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }
}
