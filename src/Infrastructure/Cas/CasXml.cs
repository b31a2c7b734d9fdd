using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using CasPortal.Application.Common.Cas;

namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// How every XML answer (CAS 2.0/3.0, /proxy, SAML 1.1) is loaded: no DTD, no resolver, a character cap and a depth
/// cap checked before <see cref="XDocument"/> builds anything. Parsers then read direct children only.
/// </summary>
internal static class CasXml
{
    public const string CasNamespace = "http://www.yale.edu/tp/cas";

    /// <summary>
    /// A CAS answer is five levels deep, a SAML one eight. Deeper documents are refused before <see cref="XDocument"/>
    /// loads them: its load time grows with the square of the depth, so a deep document could pin a CPU for seconds.
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
        problem = CasText.SizeProblem(body) ?? FirstLookProblem(CasText.Start(body));
        if (problem is not null)
        {
            return false;
        }

        try
        {
            if (!WithinMaxDepth(body))
            {
                problem = $"The CAS server's answer is nested more than {MaxDepth} levels deep; a CAS answer is far flatter.";
                return false;
            }

            using var reader = XmlReader.Create(new StringReader(body), ReaderSettings());
            root = XDocument.Load(reader, LoadOptions.None).Root!;
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
    /// The one element child of a <c>cas:serviceResponse</c> root, which must be <paramref name="success"/> or
    /// <paramref name="failure"/> (their local names in the CAS namespace). Anything else is a reason.
    /// </summary>
    public static bool TryGetServiceResponseAnswer(
        XElement root,
        string success,
        string failure,
        [NotNullWhen(true)] out XElement? answer,
        [NotNullWhen(false)] out string? problem)
    {
        answer = null;
        problem = null;
        if (root.Name.LocalName != "serviceResponse")
        {
            problem = $"The CAS server's answer is XML but not a CAS serviceResponse (its root element is '{CasText.Quote(root.Name.LocalName)}').";
        }
        else if (root.Name.Namespace != Cas)
        {
            var actual = root.Name.NamespaceName.Length == 0 ? "no namespace" : $"namespace '{CasText.Quote(root.Name.NamespaceName)}'";
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
            problem = $"The CAS server's serviceResponse holds '{CasText.Quote(only.Name.LocalName)}' instead of {success} or {failure}.";
        }
        else
        {
            answer = only;
        }

        return answer is not null;
    }

    /// <summary>A <c>cas:…Failure code="…"</c> element as a refusal: its code and only its own text (never injected markup).</summary>
    public static CasFailure Refusal(XElement failure, string refused) =>
        CasText.Refusal(failure.Attribute("code")?.Value ?? string.Empty, DirectText(failure), refused);

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
        if (CasText.LooksLikeHtml(start))
        {
            return "The CAS server's answer is not XML (it looks like an HTML page).";
        }

        if (start.Length > 0 && start[0] == '<')
        {
            return null;
        }

        return CasText.LooksLikeJson(start)
            ? "The CAS server's answer is JSON, not the XML the portal asked for."
            : "The CAS server's answer is not XML (it looks like plain text).";
    }

    private static XmlReaderSettings ReaderSettings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = CasText.MaxDocumentCharacters,
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
}
