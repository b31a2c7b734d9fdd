using System.Globalization;
using System.Text;

namespace CasPortal.Application.Common.Logging;

/// <summary>
/// For log values that a browser or a CAS server chose (a path, a username, a CAS failure text): control characters,
/// line and paragraph separators (U+2028, U+2029, NEL) and invisible format characters (bidirectional overrides,
/// zero-width marks) become <c>\uXXXX</c>, so a value can neither start a forged log line nor hide what it says.
/// </summary>
public static class LogText
{
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value ?? string.Empty;
        }

        var index = 0;
        while (index < value.Length && !NeedsEscape(value[index]))
        {
            index++;
        }

        if (index == value.Length)
        {
            return value;
        }

        var escaped = new StringBuilder(value.Length + 16).Append(value, 0, index);
        for (; index < value.Length; index++)
        {
            var c = value[index];
            if (NeedsEscape(c))
            {
                escaped.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    private static bool NeedsEscape(char c) => char.GetUnicodeCategory(c) is UnicodeCategory.Control
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Format;
}
