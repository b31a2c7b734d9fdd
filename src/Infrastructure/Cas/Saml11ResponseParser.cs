using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// Reads a CAS <c>/samlValidate</c> answer: SOAP 1.1 <c>Envelope/Body</c> holding one SAML 1.1 <c>samlp:Response</c>.
/// Success only when <c>samlp:Status/samlp:StatusCode/@Value</c> resolves (as a QName, by its in-scope prefix) to
/// samlp:Success, the one assertion's <c>saml:Conditions</c> window holds the portal's clock (± Cas:SamlClockSkew), and
/// the assertion names one user. Any other status is a rejection carrying its local name and the server's message
/// (from StatusMessage, or from inside StatusCode where non-standard servers put it). Loading and text rules are those of
/// every CAS answer (<see cref="CasXml"/>, <see cref="CasAnswerBody"/>, <see cref="ServerText"/>); only direct children are read. Never throws.
/// </summary>
internal static partial class Saml11ResponseParser
{
    private const string Assertion = "SAML assertion";

    private static readonly XNamespace Soap = Saml11.Soap;
    private static readonly XNamespace Samlp = Saml11.Samlp;
    private static readonly XNamespace Saml = Saml11.Saml;

    /// <param name="now">The portal's clock, for the assertion's validity window.</param>
    /// <param name="clockSkew">How far the server's clock may be off the portal's.</param>
    public static CasValidationResult Parse(string body, DateTimeOffset now, TimeSpan clockSkew)
    {
        if (!CasXml.TryLoad(body, out var root, out var problem) || !TryGetBodyChild(root, out var answer, out problem))
        {
            return Malformed(problem);
        }

        if (answer.Name == Soap + "Fault")
        {
            return SoapFault(answer);
        }

        return answer.Name == Samlp + "Response"
            ? ReadResponse(answer, now, clockSkew)
            : Malformed($"The CAS server's SOAP Body holds '{ServerText.Quote(answer.Name.LocalName)}' instead of a SAML 1.1 Response.");
    }

    /// <summary>The one element inside Envelope/Body; the Envelope holds an optional Header and the Body, nothing else.</summary>
    private static bool TryGetBodyChild(XElement root, [NotNullWhen(true)] out XElement? answer, [NotNullWhen(false)] out string? problem)
    {
        answer = null;
        if (root.Name != Soap + "Envelope")
        {
            problem = root.Name == CasXml.Cas + "serviceResponse"
                ? "The CAS server's answer is a CAS serviceResponse, not a SAML 1.1 answer (does Cas:ProtocolVersion match the server?)."
                : root.Name.LocalName == "Envelope"
                    ? $"The CAS server's SOAP envelope is in namespace '{ServerText.Quote(root.Name.NamespaceName)}' instead of SOAP 1.1 ({Saml11.SoapNamespace})."
                    : $"The CAS server's answer is XML but not a SOAP envelope (its root element is '{ServerText.Quote(root.Name.LocalName)}').";
            return false;
        }

        var body = root.Elements().Take(3).ToList() switch
        {
            [var single] => single,
            [var header, var second] when header.Name == Soap + "Header" => second,
            _ => null,
        };
        if (body is null || body.Name != Soap + "Body")
        {
            problem = "The CAS server's SOAP envelope must hold an optional Header and then one Body, nothing else.";
            return false;
        }

        var children = body.Elements().Take(2).ToList();
        if (children is not [var only])
        {
            problem = children.Count == 0
                ? "The CAS server's SOAP Body is empty."
                : "The CAS server's SOAP Body holds more than one element; a SAML answer holds exactly one.";
            return false;
        }

        answer = only;
        problem = null;
        return true;
    }

    /// <summary>The server could not process the request (VersionMismatch, Client, Server): not the ticket's fault.</summary>
    private static CasValidationResult SoapFault(XElement fault)
    {
        var code = LocalPart(ChildText(fault, "faultcode").Trim());
        var text = ServerText.Clean(ChildText(fault, "faultstring"));
        return CasValidationResult.Failed(
            CasFailureKind.ServerError,
            CasFailureCodes.SoapFault,
            ServerText.Clean($"The CAS server answered a SOAP fault ({(code.Length == 0 ? "no code" : ServerText.Code(code))})"
                + (text.Length == 0 ? "." : $": {text}")));
    }

    private static CasValidationResult ReadResponse(XElement response, DateTimeOffset now, TimeSpan clockSkew)
    {
        if (response.Attribute("MajorVersion")?.Value.Trim() is { } major && major != "1")
        {
            return Malformed($"The CAS server's SAML Response is version '{ServerText.Quote(major)}', not SAML 1.");
        }

        if (!TrySingle(response, Samlp + "Status", "SAML Response", out var status, out var problem)
            || !TrySingle(status, Samlp + "StatusCode", "SAML Status", out var statusCode, out problem))
        {
            return Malformed(problem);
        }

        if (statusCode.Attribute("Value")?.Value.Trim() is not { } value)
        {
            return Malformed("The CAS server's SAML StatusCode has no Value.");
        }

        var (statusNamespace, statusName) = Resolve(statusCode, value);
        if (statusName == "Success" && statusNamespace != Samlp)
        {
            // Looks like success, is not: a prefix bound elsewhere (or nowhere) must not count.
            return Malformed($"The CAS server's SAML StatusCode '{ServerText.Quote(value)}' is not samlp:Success: its prefix is "
                + (statusNamespace is null ? "not declared." : $"bound to '{ServerText.Quote(statusNamespace.NamespaceName)}'."));
        }

        if (statusName != "Success")
        {
            return Refusal(status, statusCode, statusName);
        }

        return TrySingle(response, Saml + "Assertion", "SAML Response", out var assertion, out problem)
            ? ReadAssertion(assertion, now, clockSkew)
            : Malformed(problem);
    }

    /// <summary>A QName attribute value resolved by the prefixes in scope at <paramref name="element"/> (null: undeclared).</summary>
    private static (XNamespace? Namespace, string LocalName) Resolve(XElement element, string value)
    {
        var colon = value.IndexOf(':');
        var prefix = colon < 0 ? string.Empty : value[..colon];
        return (prefix.Length == 0 ? element.GetDefaultNamespace() : element.GetNamespaceOfPrefix(prefix), value[(colon + 1)..]);
    }

    private static CasValidationResult Refusal(XElement status, XElement statusCode, string code)
    {
        // Standard servers send StatusMessage; some put the message inside StatusCode instead.
        var message = status.Element(Samlp + "StatusMessage") is { } statusMessage
            ? CasXml.DirectText(statusMessage)
            : CasXml.DirectText(statusCode);
        if (statusCode.Element(Samlp + "StatusCode")?.Attribute("Value")?.Value is { } subcode && LocalPart(subcode.Trim()) is { Length: > 0 } detail)
        {
            message = string.IsNullOrWhiteSpace(message) ? detail : $"{detail}: {message}";
        }

        return CasValidationResult.Failed(CasFailures.Refusal(code, message, "the ticket"));
    }

    private static CasValidationResult ReadAssertion(XElement assertion, DateTimeOffset now, TimeSpan clockSkew)
    {
        if (!TrySingle(assertion, Saml + "Conditions", Assertion, out var conditions, out var problem)
            || !TryReadInstant(conditions, "NotBefore", out var notBefore, out problem)
            || !TryReadInstant(conditions, "NotOnOrAfter", out var notOnOrAfter, out problem))
        {
            return Malformed(problem);
        }

        if (now + clockSkew < notBefore)
        {
            return CasValidationResult.Failed(
                CasFailureKind.TicketRejected,
                CasFailureCodes.SamlAssertionNotYetValid,
                $"The CAS server's SAML assertion is valid only from {Show(notBefore)}; the portal's clock says {Show(now)}, "
                + $"allowing {clockSkew} of clock skew (Cas:SamlClockSkew).");
        }

        if (now - clockSkew >= notOnOrAfter)
        {
            return CasValidationResult.Failed(
                CasFailureKind.TicketRejected,
                CasFailureCodes.SamlAssertionExpired,
                $"The CAS server's SAML assertion expired at {Show(notOnOrAfter)}; the portal's clock says {Show(now)}, "
                + $"allowing {clockSkew} of clock skew (Cas:SamlClockSkew).");
        }

        // The user is the NameIdentifier of the authentication statement's subject, or of the attribute statement's;
        // where both are present they must agree.
        var subjects = new List<XElement>();
        var attributes = new CasAttributeCollector();
        foreach (var statement in assertion.Elements())
        {
            if (statement.Name == Saml + "AuthenticationStatement")
            {
                subjects.AddRange(NameIdentifiers(statement));
            }
            else if (statement.Name == Saml + "AttributeStatement")
            {
                subjects.AddRange(NameIdentifiers(statement));
                foreach (var attribute in statement.Elements(Saml + "Attribute"))
                {
                    var name = attribute.Attribute("AttributeName")?.Value ?? string.Empty;
                    foreach (var attributeValue in attribute.Elements(Saml + "AttributeValue"))
                    {
                        attributes.Add(name, CasXml.DirectText(attributeValue));
                    }
                }
            }
        }

        if (subjects.Any(subject => subject.HasElements))
        {
            return Malformed("The CAS server's SAML NameIdentifier holds markup instead of a name.");
        }

        var users = subjects.Select(subject => CasXml.DirectText(subject).Trim()).Distinct(StringComparer.Ordinal).ToList();
        return users.Count > 1
            ? Malformed("The CAS server's SAML assertion names more than one user.")
            : CasAssertions.Success(Assertion, users.SingleOrDefault(), attributes, null, []);
    }

    /// <summary>Statement/Subject/NameIdentifier, direct children only.</summary>
    private static IEnumerable<XElement> NameIdentifiers(XElement statement) =>
        statement.Elements(Saml + "Subject").Elements(Saml + "NameIdentifier");

    private static bool TrySingle(
        XElement parent,
        XName name,
        string parentDescription,
        [NotNullWhen(true)] out XElement? element,
        [NotNullWhen(false)] out string? problem)
    {
        var found = parent.Elements(name).Take(2).ToList();
        element = found.Count == 1 ? found[0] : null;
        problem = found.Count switch
        {
            1 => null,
            0 => $"The CAS server's {parentDescription} holds no {name.LocalName}.",
            _ => $"The CAS server's {parentDescription} holds more than one {name.LocalName}.",
        };
        return element is not null;
    }

    /// <summary>An xs:dateTime, fractions of any length and an offset allowed; one without an offset is UTC, as SAML requires.</summary>
    private static bool TryReadInstant(XElement conditions, string attribute, out DateTimeOffset instant, [NotNullWhen(false)] out string? problem)
    {
        instant = default;
        problem = null;
        var text = conditions.Attribute(attribute)?.Value.Trim();
        if (text is null)
        {
            problem = $"The CAS server's SAML assertion has no {attribute} in its Conditions; the portal needs its validity window.";
        }
        else if (!XsDateTime().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant))
        {
            problem = $"The CAS server's SAML Conditions {attribute} '{ServerText.Quote(text)}' is not a date and time.";
        }

        return problem is null;
    }

    /// <summary>SOAP 1.1 fault parts are unqualified; some servers qualify them anyway.</summary>
    private static string ChildText(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(child => child.Name.LocalName == localName) is { } child ? CasXml.DirectText(child) : string.Empty;

    private static string LocalPart(string qualifiedName) => qualifiedName[(qualifiedName.IndexOf(':') + 1)..];

    private static string Show(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static CasValidationResult Malformed(string reason) => CasValidationResult.Failed(CasFailures.Malformed(reason));

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex XsDateTime();
}
