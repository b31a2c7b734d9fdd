using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace CasPortal.DevCas;

/// <summary>An attribute of a validation answer; <see cref="IsBoolean"/> values are "true" or "false".</summary>
internal sealed record DevCasAttribute(string Name, IReadOnlyList<string> Values, bool IsBoolean);

/// <summary>
/// The validation and proxy answers: CAS 1.0 text, CAS 2.0 and 3.0 XML (built with XDocument, so values are escaped)
/// and CAS 3.0 JSON (written with Utf8JsonWriter, so values are escaped).
/// </summary>
internal static class DevCasResponses
{
    public const string XmlContentType = "application/xml; charset=utf-8";

    public const string JsonContentType = "application/json; charset=utf-8";

    private static readonly XNamespace Cas = "http://www.yale.edu/tp/cas";

    private static readonly XmlWriterSettings WriterSettings = new() { Encoding = new UTF8Encoding(false), Indent = true };

    public static IResult Cas1(DevCasValidationResult result) =>
        Results.Text(
            result is DevCasValidationSuccess success ? $"yes\n{success.Ticket.User.Username}\n" : "no\n\n",
            "text/plain; charset=utf-8");

    /// <summary>CAS 2.0: the user, the PGTIOU and the proxy chain; no attributes.</summary>
    public static IResult Cas2(DevCasValidationResult result) => Xml(result, withAttributes: false);

    /// <summary>CAS 3.0: as CAS 2.0, plus the attributes.</summary>
    public static IResult Cas3(DevCasValidationResult result) => Xml(result, withAttributes: true);

    /// <summary>CAS 3.0 with <c>format=JSON</c>.</summary>
    public static IResult Cas3Json(DevCasValidationResult result)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("serviceResponse");
            switch (result)
            {
                case DevCasValidationSuccess success:
                    json.WriteStartObject("authenticationSuccess");
                    json.WriteString("user", success.Ticket.User.Username);
                    WriteJsonAttributes(json, success.Ticket);
                    if (success.ProxyGrantingTicketIou is { } iou)
                    {
                        json.WriteString("proxyGrantingTicket", iou);
                    }

                    if (success.Ticket.Proxies.Count > 0)
                    {
                        json.WriteStartArray("proxies");
                        foreach (var proxy in success.Ticket.Proxies)
                        {
                            json.WriteStringValue(proxy);
                        }

                        json.WriteEndArray();
                    }

                    json.WriteEndObject();
                    break;
                case DevCasValidationFailure failure:
                    json.WriteStartObject("authenticationFailure");
                    json.WriteString("code", failure.Code);
                    json.WriteString("description", failure.Description);
                    json.WriteEndObject();
                    break;
                default:
                    throw new UnreachableException();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Results.Bytes(buffer.WrittenMemory.ToArray(), JsonContentType);
    }

    /// <summary>The /proxy answer: <c>cas:proxySuccess/cas:proxyTicket</c> or <c>cas:proxyFailure code="…"</c>.</summary>
    public static IResult Proxy(DevCasProxyResult result) => XmlDocument(result switch
    {
        DevCasProxySuccess success => new XElement(Cas + "proxySuccess",
            new XElement(Cas + "proxyTicket", success.ProxyTicket)),
        DevCasProxyFailure failure => new XElement(Cas + "proxyFailure",
            new XAttribute("code", failure.Code),
            failure.Description),
        _ => throw new UnreachableException(),
    });

    /// <summary>The timestamp format of the answers: UTC with milliseconds, e.g. 2026-11-27T10:15:02.184Z.</summary>
    public static string Timestamp(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The spec's standard attributes first, then the user's, each with its values in order. A configured attribute
    /// named like a standard one is left out: the server's own value wins, and JSON keys stay unique.
    /// </summary>
    public static IEnumerable<DevCasAttribute> AllAttributes(DevCasServiceTicket ticket)
    {
        DevCasAttribute[] standard =
        [
            new("authenticationDate", [Timestamp(ticket.AuthenticatedAt)], IsBoolean: false),
            new("isFromNewLogin", [XmlConvert.ToString(ticket.FromNewLogin)], IsBoolean: true),
            new("longTermAuthenticationRequestTokenUsed", ["false"], IsBoolean: true),
        ];
        return standard.Concat(ticket.User.Attributes
            .Where(attribute => !standard.Any(s => string.Equals(s.Name, attribute.Key, StringComparison.Ordinal)))
            .Select(attribute => new DevCasAttribute(attribute.Key, attribute.Value, IsBoolean: false)));
    }

    private static IResult Xml(DevCasValidationResult result, bool withAttributes) => XmlDocument(result switch
    {
        // The order of the CAS 3.0 schema: user, attributes, proxyGrantingTicket, proxies.
        DevCasValidationSuccess success => new XElement(Cas + "authenticationSuccess",
            new XElement(Cas + "user", success.Ticket.User.Username),
            withAttributes ? XmlAttributes(success.Ticket) : null,
            success.ProxyGrantingTicketIou is { } iou ? new XElement(Cas + "proxyGrantingTicket", iou) : null,
            success.Ticket.Proxies.Count > 0
                ? new XElement(Cas + "proxies", success.Ticket.Proxies.Select(proxy => new XElement(Cas + "proxy", proxy)))
                : null),
        DevCasValidationFailure failure => new XElement(Cas + "authenticationFailure",
            new XAttribute("code", failure.Code),
            failure.Description),
        _ => throw new UnreachableException(),
    });

    private static IResult XmlDocument(XElement answer)
    {
        var document = new XDocument(
            new XElement(Cas + "serviceResponse", new XAttribute(XNamespace.Xmlns + "cas", Cas.NamespaceName), answer));

        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, WriterSettings))
        {
            document.Save(writer);
        }

        return Results.Bytes(stream.ToArray(), XmlContentType);
    }

    // A multi-valued attribute is a repeated element.
    private static XElement XmlAttributes(DevCasServiceTicket ticket) => new(Cas + "attributes",
        AllAttributes(ticket).SelectMany(attribute =>
            attribute.Values.Select(value => new XElement(Cas + attribute.Name, value))));

    // Every attribute is an array, even with one value. The two boolean standard attributes are JSON booleans, as
    // Apereo CAS sends them; every other value is a string.
    private static void WriteJsonAttributes(Utf8JsonWriter json, DevCasServiceTicket ticket)
    {
        json.WriteStartObject("attributes");
        foreach (var attribute in AllAttributes(ticket))
        {
            json.WriteStartArray(attribute.Name);
            foreach (var value in attribute.Values)
            {
                if (attribute.IsBoolean)
                {
                    json.WriteBooleanValue(XmlConvert.ToBoolean(value));
                }
                else
                {
                    json.WriteStringValue(value);
                }
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }
}
