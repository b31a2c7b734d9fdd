using System.Text.RegularExpressions;
using CasPortal.Application.Common.Cas;

namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// What every CAS answer parser shares: the size cap, the first look at a body, and server text made fit for logs and
/// pages (whitespace collapsed, tickets of every kind redacted, length capped).
/// </summary>
internal static partial class CasText
{
    /// <summary>Real answers are a few kilobytes; the gateway's byte cap (Cas:MaxResponseBytes) normally bites first.</summary>
    public const int MaxDocumentCharacters = 1024 * 1024;

    public const int MaxReasonLength = 300;
    public const int MaxCodeLength = 64;

    /// <summary>How much of a name the server sent (a root element, a namespace) a reason repeats.</summary>
    private const int MaxQuotedLength = 80;

    private const string Redacted = "[ticket]";

    /// <summary>Why a body cannot be a CAS answer at all (empty, oversized), or null.</summary>
    public static string? SizeProblem(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "The CAS server's answer is empty.";
        }

        return body.Length > MaxDocumentCharacters
            ? $"The CAS server's answer is larger than {MaxDocumentCharacters} characters."
            : null;
    }

    /// <summary>The body from its first meaningful character: leading whitespace and byte order marks skipped.</summary>
    public static ReadOnlySpan<char> Start(string body) => body.AsSpan().TrimStart().TrimStart('\uFEFF').TrimStart();

    public static bool LooksLikeHtml(ReadOnlySpan<char> start) =>
        start.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase)
        || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase);

    public static bool LooksLikeJson(ReadOnlySpan<char> start) => start.Length > 0 && start[0] is '{' or '[';

    public static CasFailure Malformed(string reason) => new(CasFailureKind.ServerError, CasFailureCodes.Malformed, reason);

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

    /// <summary>
    /// The failure a refusal becomes: the server's code (or INTERNAL_ERROR when it sent none) and its own description,
    /// or plain words when it sent none. <paramref name="refused"/> names what was refused ("the ticket").
    /// </summary>
    public static CasFailure Refusal(string rawCode, string rawDescription, string refused)
    {
        var code = Code(rawCode);
        var description = Clean(rawDescription);
        if (code.Length == 0)
        {
            return new CasFailure(
                CasFailureKind.TicketRejected,
                CasFailureCodes.InternalError,
                Clean(description.Length == 0
                    ? $"The CAS server refused {refused} without a failure code or description."
                    : $"The CAS server refused {refused} without a failure code: {description}"));
        }

        return new CasFailure(
            CasFailureKind.TicketRejected,
            code,
            description.Length == 0 ? $"The CAS server refused {refused} ({code}) without a description." : description);
    }

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?:PGTIOU|PGT|TGT|ST|PT)-[A-Za-z0-9.\-]+", RegexOptions.CultureInvariant)]
    private static partial Regex TicketToken();
}
