using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// How every XML answer (CAS 2.0/3.0, /proxy, SAML 1.1) is loaded: no DTD, no resolver, a character cap, and a depth
/// cap checked on every node while the tree is built, in one pass. Parsers then read direct children only.
/// </summary>
internal static class CasXml
{
    public const string CasNamespace = "http://www.yale.edu/tp/cas";

    /// <summary>
    /// A CAS answer is five levels deep, a SAML one eight. Deeper documents are refused as soon as the reader meets the
    /// first node past this depth, so a hostile document never gets a deep tree built for it.
    /// </summary>
    public const int MaxDepth = 32;

    public static readonly XNamespace Cas = CasNamespace;

    /// <summary>
    /// The document's root element, or the reason the body is no usable XML: empty, oversized, HTML, JSON, plain text,
    /// a DTD, too deep, or not well-formed. Never throws.
    /// </summary>
    public static bool TryLoad(string body, [NotNullWhen(true)] out XElement? root, [NotNullWhen(false)] out string? problem)
    {
        root = null;
        problem = CasAnswerBody.SizeProblem(body) ?? FirstLookProblem(CasAnswerBody.Start(body));
        if (problem is not null)
        {
            return false;
        }

        try
        {
            using var reader = XmlReader.Create(new StringReader(body), ReaderSettings());
            root = LoadWithinMaxDepth(reader);
            if (root is null)
            {
                problem = $"The CAS server's answer is nested more than {MaxDepth} levels deep; a CAS answer is far flatter.";
                return false;
            }
        }
        catch (XmlException) when (body.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase))
        {
            problem = body.Contains("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase)
                ? "The CAS server's answer is not XML (it looks like an HTML page)."
                : "The CAS server's answer declares a DTD, which the portal refuses (it can smuggle in entities or files).";
            return false;
        }
        catch (XmlException ex)
        {
            problem = $"The CAS server's answer is not well-formed XML (broken at line {ex.LineNumber}, position {ex.LinePosition}; it may be cut off).";
            return false;
        }

        if (root.Name.LocalName.Equals("html", StringComparison.OrdinalIgnoreCase))
        {
            problem = "The CAS server's answer is not a CAS document (it looks like an HTML page).";
            root = null;
            return false;
        }

        return true;
    }

    /// <summary>
    /// The one element child of a <c>cas:serviceResponse</c> root (loaded as <see cref="TryLoad"/> does), which must be
    /// <paramref name="success"/> or <paramref name="failure"/> (their local names in the CAS namespace). Anything else
    /// is a reason.
    /// </summary>
    public static bool TryReadServiceResponse(
        string body, string success, string failure, [NotNullWhen(true)] out XElement? answer, [NotNullWhen(false)] out string? problem)
    {
        answer = null;
        if (!TryLoad(body, out var root, out problem))
        {
            return false;
        }

        if (root.Name.LocalName != "serviceResponse")
        {
            problem = $"The CAS server's answer is XML but not a CAS serviceResponse (its root element is '{ServerText.Quote(root.Name.LocalName)}').";
        }
        else if (root.Name.Namespace != Cas)
        {
            var actual = root.Name.NamespaceName.Length == 0 ? "no namespace" : $"namespace '{ServerText.Quote(root.Name.NamespaceName)}'";
            problem = $"The CAS server's serviceResponse is in {actual} instead of {CasNamespace}.";
        }
        else if (root.Elements().Take(2).ToList() is not [var only])
        {
            problem = root.HasElements
                ? "The CAS server's serviceResponse holds more than one element; a CAS answer holds exactly one."
                : $"The CAS server's serviceResponse is empty (neither {success} nor {failure}).";
        }
        else if (only.Name != Cas + success && only.Name != Cas + failure)
        {
            problem = $"The CAS server's serviceResponse holds '{ServerText.Quote(only.Name.LocalName)}' instead of {success} or {failure}.";
        }
        else
        {
            answer = only;
        }

        return answer is not null;
    }

    /// <summary>A <c>cas:…Failure code="…"</c> element as a refusal: its code and only its own text (never injected markup).</summary>
    public static CasFailure Refusal(XElement failure, string refused) =>
        CasFailures.Refusal(failure.Attribute("code")?.Value ?? string.Empty, DirectText(failure), refused);

    /// <summary>The element's own text (text and CDATA children), never its descendants'.</summary>
    public static string DirectText(XElement element)
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

    private static string? FirstLookProblem(ReadOnlySpan<char> start)
    {
        if (CasAnswerBody.LooksLikeHtml(start))
        {
            return "The CAS server's answer is not XML (it looks like an HTML page).";
        }

        if (start.Length > 0 && start[0] == '<')
        {
            return null;
        }

        return CasAnswerBody.LooksLikeJson(start)
            ? "The CAS server's answer is JSON, not the XML the portal asked for."
            : "The CAS server's answer is not XML (it looks like plain text).";
    }

    private static XmlReaderSettings ReaderSettings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = CasAnswerBody.MaxCharacters,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>
    /// The root element, built node by node from the reader (what <see cref="XDocument.Load(XmlReader)"/> keeps:
    /// elements, attributes including namespace declarations, text, CDATA; no insignificant whitespace), or null at the
    /// first node deeper than <see cref="MaxDepth"/>, in one pass rather than a depth pre-pass plus a load
    /// (docs/PERFORMANCE.md). Throws <see cref="XmlException"/> for malformed input, like the load would.
    /// </summary>
    private static XElement? LoadWithinMaxDepth(XmlReader reader)
    {
        var open = new Stack<XElement>();
        XElement? root = null;
        while (reader.Read())
        {
            if (reader.Depth > MaxDepth)
            {
                return null;
            }

            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    var element = new XElement(XNamespace.Get(reader.NamespaceURI) + reader.LocalName);
                    CopyAttributes(reader, element);
                    if (open.TryPeek(out var parent))
                    {
                        parent.Add(element);
                    }
                    else
                    {
                        root = element;
                    }

                    if (!reader.IsEmptyElement)
                    {
                        open.Push(element);
                    }

                    break;
                case XmlNodeType.EndElement:
                    open.Pop();
                    break;
                case XmlNodeType.Text or XmlNodeType.SignificantWhitespace when open.Count > 0:
                    open.Peek().Add(new XText(reader.Value));
                    break;
                case XmlNodeType.CDATA when open.Count > 0:
                    open.Peek().Add(new XCData(reader.Value));
                    break;
            }
        }

        return root ?? throw new XmlException("Root element is missing.");
    }

    private static void CopyAttributes(XmlReader reader, XElement element)
    {
        if (!reader.MoveToFirstAttribute())
        {
            return;
        }

        do
        {
            // Namespace declarations are kept: SAML StatusCode values are QNames resolved through their prefixes.
            var name = reader.NamespaceURI == XNamespace.Xmlns.NamespaceName
                ? reader.Prefix.Length == 0 ? XName.Get("xmlns") : XNamespace.Xmlns + reader.LocalName
                : XNamespace.Get(reader.NamespaceURI) + reader.LocalName;
            element.Add(new XAttribute(name, reader.Value));
        }
        while (reader.MoveToNextAttribute());
        reader.MoveToElement();
    }
}
