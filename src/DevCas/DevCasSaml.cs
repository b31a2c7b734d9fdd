using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace CasPortal.DevCas;

/// <summary>A /samlValidate request: the ticket (AssertionArtifact) and the request's RequestID, when it has one.</summary>
internal sealed record DevCasSamlRequest(string Artifact, string? RequestId);

/// <summary>
/// SAML 1.1 ticket validation (<c>POST /samlValidate?TARGET=</c>): reads the SOAP <c>samlp:Request</c> safely and
/// writes the SOAP <c>samlp:Response</c> (unsigned, like CAS servers send it to the back channel).
/// </summary>
internal static class DevCasSaml
{
    public const string ContentType = "text/xml; charset=utf-8";

    /// <summary>A request is a few hundred bytes; anything much larger is refused before it is parsed.</summary>
    public const int MaxRequestBytes = 16 * 1024;

    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    private static readonly XNamespace Samlp = "urn:oasis:names:tc:SAML:1.0:protocol";
    private static readonly XNamespace Saml = "urn:oasis:names:tc:SAML:1.0:assertion";
    private const string AttributeNamespace = "http://www.ja-sig.org/products/cas/";
    private const string Issuer = "CasPortal.DevCas";

    private static readonly XmlWriterSettings WriterSettings = new() { Encoding = new UTF8Encoding(false), Indent = true };

    /// <summary>
    /// Parses a request body: no DTD (so no external entity and no entity expansion), no resolver, a size cap, and a
    /// strict shape: Envelope / Body / exactly one Request / exactly one non-empty AssertionArtifact.
    /// </summary>
    public static DevCasSamlRequest? ParseRequest(byte[] body)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxRequestBytes,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body, writable: false), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }

        var envelope = document.Root;
        if (envelope?.Name != Soap + "Envelope" ||
            envelope.Elements(Soap + "Body").SingleOrDefaultIfMany() is not { } soapBody ||
            soapBody.Elements().SingleOrDefaultIfMany() is not { } request ||
            request.Name != Samlp + "Request" ||
            request.Elements(Samlp + "AssertionArtifact").SingleOrDefaultIfMany() is not { } artifact ||
            artifact.HasElements)
        {
            return null;
        }

        var ticket = artifact.Value.Trim();
        return ticket.Length == 0 ? null : new DevCasSamlRequest(ticket, request.Attribute("RequestID")?.Value);
    }

    public static IResult Success(
        DevCasServiceTicket ticket, string target, string? inResponseTo, DateTimeOffset now)
    {
        var username = ticket.User.Username;
        var assertion = new XElement(Saml + "Assertion",
            new XAttribute("AssertionID", NewId()),
            new XAttribute("IssueInstant", DevCasResponses.Timestamp(now)),
            new XAttribute("Issuer", Issuer),
            new XAttribute("MajorVersion", "1"),
            new XAttribute("MinorVersion", "1"),
            // A short validity window, with a little allowance for clocks that run behind.
            new XElement(Saml + "Conditions",
                new XAttribute("NotBefore", DevCasResponses.Timestamp(now.AddSeconds(-5))),
                new XAttribute("NotOnOrAfter", DevCasResponses.Timestamp(now.AddSeconds(30))),
                new XElement(Saml + "AudienceRestrictionCondition", new XElement(Saml + "Audience", target))),
            new XElement(Saml + "AttributeStatement",
                Subject(username),
                DevCasResponses.AllAttributes(ticket).Select(attribute => new XElement(Saml + "Attribute",
                    new XAttribute("AttributeName", attribute.Name),
                    new XAttribute("AttributeNamespace", AttributeNamespace),
                    attribute.Values.Select(value => new XElement(Saml + "AttributeValue", value))))),
            new XElement(Saml + "AuthenticationStatement",
                new XAttribute("AuthenticationInstant", DevCasResponses.Timestamp(ticket.AuthenticatedAt)),
                new XAttribute("AuthenticationMethod", "urn:oasis:names:tc:SAML:1.0:am:password"),
                Subject(username)));
        return Response("samlp:Success", message: null, target, inResponseTo, now, assertion);
    }

    /// <summary>
    /// A failure: <c>samlp:Requester</c> for a malformed request, <c>samlp:Responder</c> for a ticket that cannot be
    /// validated. The message never contains the ticket.
    /// </summary>
    public static IResult Failure(bool requesterError, string message, string? target, string? inResponseTo, DateTimeOffset now) =>
        Response(requesterError ? "samlp:Requester" : "samlp:Responder", message, target, inResponseTo, now, assertion: null);

    private static IResult Response(
        string statusCode, string? message, string? target, string? inResponseTo, DateTimeOffset now, XElement? assertion)
    {
        var document = new XDocument(
            new XElement(Soap + "Envelope",
                new XAttribute(XNamespace.Xmlns + "SOAP-ENV", Soap.NamespaceName),
                new XElement(Soap + "Header"),
                new XElement(Soap + "Body",
                    new XElement(Samlp + "Response",
                        // Declared here because the StatusCode values ("samlp:Success") are QNames using the prefix.
                        new XAttribute(XNamespace.Xmlns + "samlp", Samlp.NamespaceName),
                        new XAttribute(XNamespace.Xmlns + "saml", Saml.NamespaceName),
                        new XAttribute("IssueInstant", DevCasResponses.Timestamp(now)),
                        new XAttribute("MajorVersion", "1"),
                        new XAttribute("MinorVersion", "1"),
                        string.IsNullOrEmpty(target) ? null : new XAttribute("Recipient", target),
                        new XAttribute("ResponseID", NewId()),
                        string.IsNullOrEmpty(inResponseTo) ? null : new XAttribute("InResponseTo", inResponseTo),
                        new XElement(Samlp + "Status",
                            new XElement(Samlp + "StatusCode", new XAttribute("Value", statusCode)),
                            message is null ? null : new XElement(Samlp + "StatusMessage", message)),
                        assertion))));

        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, WriterSettings))
        {
            document.Save(writer);
        }

        return Results.Bytes(stream.ToArray(), ContentType);
    }

    private static XElement Subject(string username) => new(Saml + "Subject",
        new XElement(Saml + "NameIdentifier", username),
        new XElement(Saml + "SubjectConfirmation",
            new XElement(Saml + "ConfirmationMethod", "urn:oasis:names:tc:SAML:1.0:cm:artifact")));

    // SAML identifiers are xs:ID values: they must not start with a digit.
    private static string NewId() => "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static T? SingleOrDefaultIfMany<T>(this IEnumerable<T> source) where T : class
    {
        using var items = source.GetEnumerator();
        if (!items.MoveNext())
        {
            return null;
        }

        var first = items.Current;
        return items.MoveNext() ? null : first;
    }
}
