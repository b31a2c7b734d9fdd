using System.Collections.ObjectModel;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using CasPortal.Application.Common.Cas;

namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// Reads a CAS 2.0/3.0 <c>serviceValidate</c> answer. Strict about structure: no DTD, a bounded size, the root
/// <c>cas:serviceResponse</c> with exactly one element child, and only direct children read, so markup smuggled into a
/// failure's text never counts. Lenient about attribute styles: CAS 3.0 elements, Jasig name/value pairs, RubyCAS and
/// Name-Value style are all read and merged. Never throws: whatever is not a CAS answer becomes a
/// <see cref="CasFailureCodes.Malformed"/> failure that says what was wrong. No reason ever contains a ticket.
/// </summary>
internal static partial class CasServiceResponseParser
{
    public const string CasNamespace = "http://www.yale.edu/tp/cas";

    /// <summary>Real answers are a few kilobytes; the gateway's byte cap (Cas:MaxResponseBytes) normally bites first.</summary>
    public const int MaxDocumentCharacters = 1024 * 1024;

    /// <summary>
    /// A CAS answer is five levels deep. Deeper documents are refused before <see cref="XDocument"/> loads them: its
    /// load time grows with the square of the depth, so a deep document could pin a CPU for seconds.
    /// </summary>
    public const int MaxDepth = 32;

    public const int MaxReasonLength = 300;
    public const int MaxCodeLength = 64;

    /// <summary>How much of a name the server sent (a root element, a namespace) a reason repeats.</summary>
    private const int MaxQuotedLength = 80;

    private const string Redacted = "[ticket]";

    private static readonly XNamespace Cas = CasNamespace;

    public static CasValidationResult Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return Malformed("The CAS server's answer is empty.");
        }

        if (body.Length > MaxDocumentCharacters)
        {
            return Malformed($"The CAS server's answer is larger than {MaxDocumentCharacters} characters.");
        }

        var start = body.AsSpan().TrimStart().TrimStart('\uFEFF');
        if (LooksLikeHtml(start))
        {
            return Malformed("The CAS server's answer is not XML (it looks like an HTML page).");
        }

        if (start.Length == 0 || start[0] != '<')
        {
            return Malformed(start.Length > 0 && start[0] is '{' or '['
                ? "The CAS server's answer is JSON, not the XML the portal asked for."
                : "The CAS server's answer is not XML (it looks like plain text).");
        }

        XDocument document;
        try
        {
            if (!WithinMaxDepth(body))
            {
                return Malformed($"The CAS server's answer is nested more than {MaxDepth} levels deep; a CAS answer is far flatter.");
            }

            using var reader = XmlReader.Create(new StringReader(body), ReaderSettings());
            document = XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException) when (body.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase))
        {
            return Malformed(body.Contains("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase)
                ? "The CAS server's answer is not XML (it looks like an HTML page)."
                : "The CAS server's answer declares a DTD, which the portal refuses (it can smuggle in entities or files).");
        }
        catch (XmlException ex)
        {
            return Malformed(
                $"The CAS server's answer is not well-formed XML (broken at line {ex.LineNumber}, position {ex.LinePosition}; it may be cut off).");
        }

        return Read(document.Root!);
    }

    /// <summary>Replaces every ticket-looking token (ST-…, PT-…, PGT-…, PGTIOU-…, TGT-…) with "[ticket]".</summary>
    public static string RedactTickets(string text) => TicketToken().Replace(text, Redacted);

    private static XmlReaderSettings ReaderSettings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxDocumentCharacters,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>One fast forward-only pass; throws <see cref="XmlException"/> like the load itself would.</summary>
    private static bool WithinMaxDepth(string body)
    {
        using var reader = XmlReader.Create(new StringReader(body), ReaderSettings());
        while (reader.Read())
        {
            if (reader.Depth > MaxDepth)
            {
                return false;
            }
        }

        return true;
    }

    private static CasValidationResult Read(XElement root)
    {
        if (root.Name.LocalName.Equals("html", StringComparison.OrdinalIgnoreCase))
        {
            return Malformed("The CAS server's answer is not a CAS document (it looks like an HTML page).");
        }

        if (root.Name.LocalName != "serviceResponse")
        {
            return Malformed($"The CAS server's answer is XML but not a CAS serviceResponse (its root element is '{Quote(root.Name.LocalName)}').");
        }

        if (root.Name.Namespace != Cas)
        {
            var actual = root.Name.NamespaceName.Length == 0 ? "no namespace" : $"namespace '{Quote(root.Name.NamespaceName)}'";
            return Malformed($"The CAS server's serviceResponse is in {actual} instead of {CasNamespace}.");
        }

        var children = root.Elements().Take(2).ToList();
        if (children.Count != 1)
        {
            return Malformed(children.Count == 0
                ? "The CAS server's serviceResponse is empty (neither authenticationSuccess nor authenticationFailure)."
                : "The CAS server's serviceResponse holds more than one element; a CAS answer holds exactly one.");
        }

        var answer = children[0];
        if (answer.Name == Cas + "authenticationSuccess")
        {
            return ReadSuccess(answer);
        }

        if (answer.Name == Cas + "authenticationFailure")
        {
            return ReadFailure(answer);
        }

        return Malformed($"The CAS server's serviceResponse holds '{Quote(answer.Name.LocalName)}' instead of authenticationSuccess or authenticationFailure.");
    }

    private static CasValidationResult ReadSuccess(XElement success)
    {
        string? user = null;
        string? proxyGrantingTicketIou = null;
        var proxies = new List<string>();
        var attributes = new AttributeCollector();

        foreach (var element in success.Elements())
        {
            if (element.Name == Cas + "user")
            {
                if (user is not null)
                {
                    return Malformed("The CAS server's answer names more than one user.");
                }

                if (element.HasElements)
                {
                    return Malformed("The CAS server's user element holds markup instead of a name.");
                }

                user = DirectText(element).Trim();
            }
            else if (element.Name == Cas + "attributes")
            {
                // CAS 3.0: one element per value; Jasig: <cas:attribute name= value=/>.
                foreach (var attribute in element.Elements())
                {
                    if (!attributes.TryAddNameValue(attribute))
                    {
                        attributes.Add(attribute.Name.LocalName, DirectText(attribute));
                    }
                }
            }
            else if (element.Name == Cas + "proxyGrantingTicket")
            {
                if (proxyGrantingTicketIou is not null)
                {
                    return Malformed("The CAS server's answer holds more than one proxyGrantingTicket.");
                }

                proxyGrantingTicketIou = DirectText(element).Trim();
            }
            else if (element.Name == Cas + "proxies")
            {
                proxies.AddRange(element.Elements(Cas + "proxy")
                    .Select(proxy => DirectText(proxy).Trim())
                    .Where(proxy => proxy.Length > 0));
            }
            else if (!attributes.TryAddNameValue(element))
            {
                // RubyCAS style: attributes beside cas:user.
                attributes.Add(element.Name.LocalName, DirectText(element));
            }
        }

        if (user is null)
        {
            return Malformed("The CAS server's authenticationSuccess names no user.");
        }

        if (user.Length == 0)
        {
            return Malformed("The CAS server's authenticationSuccess names an empty user.");
        }

        return CasValidationResult.Success(new CasAssertion(
            user,
            attributes.ToReadOnly(),
            string.IsNullOrEmpty(proxyGrantingTicketIou) ? null : proxyGrantingTicketIou,
            proxies.Count == 0 ? null : proxies.AsReadOnly()));
    }

    private static CasValidationResult ReadFailure(XElement failure)
    {
        var code = Clean(failure.Attribute("code")?.Value ?? string.Empty, MaxCodeLength);
        // Only the failure's own text: an element injected into it (an echoed ticket) is not the server's description.
        var description = Clean(DirectText(failure), MaxReasonLength);

        if (code.Length == 0)
        {
            return CasValidationResult.Failed(
                CasFailureKind.TicketRejected,
                CasFailureCodes.InternalError,
                Clean(description.Length == 0
                    ? "The CAS server refused the ticket without a failure code or description."
                    : $"The CAS server refused the ticket without a failure code: {description}", MaxReasonLength));
        }

        return CasValidationResult.Failed(
            CasFailureKind.TicketRejected,
            code,
            description.Length == 0 ? $"The CAS server refused the ticket ({code}) without a description." : description);
    }

    private static CasValidationResult Malformed(string reason) =>
        CasValidationResult.Failed(CasFailureKind.ServerError, CasFailureCodes.Malformed, reason);

    private static bool LooksLikeHtml(ReadOnlySpan<char> start) =>
        start.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase)
        || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase);

    /// <summary>The element's own text (text and CDATA children), never its descendants'.</summary>
    private static string DirectText(XElement element)
    {
        var text = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            if (node is XText part)
            {
                text.Append(part.Value);
            }
        }

        return text.ToString();
    }

    /// <summary>Server text made fit for logs and pages: whitespace collapsed, tickets redacted, length capped.</summary>
    private static string Clean(string text, int maxLength)
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

    private static string Quote(string name) => Clean(name, MaxQuotedLength);

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?:PGTIOU|PGT|TGT|ST|PT)-[A-Za-z0-9.\-]+", RegexOptions.CultureInvariant)]
    private static partial Regex TicketToken();

    /// <summary>Attributes in first-seen order, each value once, whichever style (or styles) the server used.</summary>
    private sealed class AttributeCollector
    {
        private readonly OrderedDictionary<string, List<string>> _values = new(StringComparer.Ordinal);
        private readonly HashSet<(string Name, string Value)> _seen = [];

        public void Add(string name, string value)
        {
            value = value.Trim();
            if (!_seen.Add((name, value)))
            {
                return;
            }

            if (!_values.TryGetValue(name, out var values))
            {
                values = [];
                _values.Add(name, values);
            }

            values.Add(value);
        }

        /// <summary>Reads <c>&lt;cas:attribute name="…" value="…"/&gt;</c> (Jasig and Name-Value styles).</summary>
        public bool TryAddNameValue(XElement element)
        {
            if (element.Name != Cas + "attribute" || element.Attribute("name") is not { } name)
            {
                return false;
            }

            var attributeName = name.Value.Trim();
            if (attributeName.Length > 0)
            {
                Add(attributeName, element.Attribute("value")?.Value ?? DirectText(element));
            }

            return true;
        }

        public IReadOnlyDictionary<string, IReadOnlyList<string>> ToReadOnly()
        {
            var result = new OrderedDictionary<string, IReadOnlyList<string>>(_values.Count, StringComparer.Ordinal);
            foreach (var (name, values) in _values)
            {
                result.Add(name, values.AsReadOnly());
            }

            return new ReadOnlyDictionary<string, IReadOnlyList<string>>(result);
        }
    }
}
