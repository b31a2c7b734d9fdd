using System.Text.RegularExpressions;

namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// Text a CAS server sent (codes, descriptions, names), made fit for logs and pages: whitespace collapsed, tickets of
/// every kind redacted, length capped.
/// </summary>
internal static partial class ServerText
{
    public const int MaxReasonLength = 300;
    public const int MaxCodeLength = 64;

    /// <summary>How much of a name the server sent (a root element, a namespace) a reason repeats.</summary>
    private const int MaxQuotedLength = 80;

    private const string Redacted = "[ticket]";

    /// <summary>Replaces every ticket-looking token (ST-…, PT-…, PGT-…, PGTIOU-…, TGT-…) with "[ticket]".</summary>
    public static string RedactTickets(string text) => TicketToken().Replace(text, Redacted);

    /// <summary>Server text made fit for logs and pages: whitespace collapsed, tickets redacted, length capped.</summary>
    public static string Clean(string text, int maxLength = MaxReasonLength)
    {
        var cleaned = RedactTickets(Whitespace().Replace(text, " ").Trim());
        if (cleaned.Length <= maxLength)
        {
            return cleaned;
        }

        var cut = maxLength - 1;
        if (char.IsHighSurrogate(cleaned[cut - 1]))
        {
            cut--;
        }

        return string.Concat(cleaned.AsSpan(0, cut), "…");
    }

    /// <summary>A failure code as the server sent it, trimmed, redacted and capped.</summary>
    public static string Code(string code) => Clean(code, MaxCodeLength);

    /// <summary>A name the server sent (an element, a namespace, a property), short enough to repeat in a reason.</summary>
    public static string Quote(string name) => Clean(name, MaxQuotedLength);

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?:PGTIOU|PGT|TGT|ST|PT)-[A-Za-z0-9.\-]+", RegexOptions.CultureInvariant)]
    private static partial Regex TicketToken();
}
