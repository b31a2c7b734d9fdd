using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace CasPortal.DevCas;

/// <summary>The validation answers: CAS 1.0 text, CAS 2.0 and 3.0 XML (built with XDocument, so values are escaped).</summary>
internal static class DevCasResponses
{
    private static readonly XNamespace Cas = "http://www.yale.edu/tp/cas";

    private static readonly XmlWriterSettings WriterSettings = new() { Encoding = new UTF8Encoding(false), Indent = true };

    public static IResult Cas1(DevCasValidationResult result) =>
        Results.Text(
            result is DevCasValidationSuccess success ? $"yes\n{success.Ticket.User.Username}\n" : "no\n\n",
            "text/plain; charset=utf-8");

    public static IResult Cas2(DevCasValidationResult result) => Xml(result, withAttributes: false);

    public static IResult Cas3(DevCasValidationResult result) => Xml(result, withAttributes: true);

    private static IResult Xml(DevCasValidationResult result, bool withAttributes)
    {
        var answer = result switch
        {
            DevCasValidationSuccess success => new XElement(Cas + "authenticationSuccess",
                new XElement(Cas + "user", success.Ticket.User.Username),
                withAttributes ? Attributes(success.Ticket) : null),
            DevCasValidationFailure failure => new XElement(Cas + "authenticationFailure",
                new XAttribute("code", failure.Code),
                failure.Description),
            _ => throw new UnreachableException(),
        };
        var document = new XDocument(
            new XElement(Cas + "serviceResponse", new XAttribute(XNamespace.Xmlns + "cas", Cas.NamespaceName), answer));

        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, WriterSettings))
        {
            document.Save(writer);
        }

        return Results.Bytes(stream.ToArray(), "application/xml; charset=utf-8");
    }

    // The spec's standard attributes first, then the user's; a multi-valued attribute is a repeated element.
    private static XElement Attributes(DevCasServiceTicket ticket) => new(Cas + "attributes",
        new XElement(Cas + "authenticationDate",
            ticket.AuthenticatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
        new XElement(Cas + "isFromNewLogin", XmlConvert.ToString(ticket.FromNewLogin)),
        new XElement(Cas + "longTermAuthenticationRequestTokenUsed", "false"),
        ticket.User.Attributes.SelectMany(attribute =>
            attribute.Value.Select(value => new XElement(Cas + attribute.Key, value))));
}
