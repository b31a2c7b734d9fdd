using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using CasPortal.Infrastructure.Http;

namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// A SAML 2.0 LogoutRequest as CAS servers send it for single logout. It comes from anyone who can reach the portal,
/// so it is read like hostile input: no DTD, a size cap, the exact root element, direct children only.
/// </summary>
public sealed class LogoutRequestReader : ILogoutRequestReader
{
    public const string ProtocolNamespace = "urn:oasis:names:tc:SAML:2.0:protocol";

    private const int MaxCharacters = ILogoutRequestReader.MaxCharacters;

    public IReadOnlyList<string>? ReadBackChannel(string xml) => ServiceTickets(xml);

    public IReadOnlyList<string>? ReadFrontChannel(string encoded) =>
        InflateFrontChannel(encoded) is { } xml ? ServiceTickets(xml) : null;

    /// <summary>The service tickets named in the request's SessionIndex elements, or null when it is not a logout request.</summary>
    public static IReadOnlyList<string>? ServiceTickets(string xml)
    {
        if (string.IsNullOrWhiteSpace(xml) || xml.Length > MaxCharacters)
        {
            return null;
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };

        XElement root;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            root = XElement.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }

        if (root.Name != XName.Get("LogoutRequest", ProtocolNamespace))
        {
            return null;
        }

        var tickets = root.Elements(XName.Get("SessionIndex", ProtocolNamespace))
            .Select(index => index.Value.Trim())
            .ToList();
        return tickets.Count > 0 && tickets.All(t => Tickets.ServiceOrProxyTicket().IsMatch(t)) ? tickets : null;
    }

    /// <summary>
    /// The front channel sends the request as base64 of the raw-deflated XML (logoutRequest, or SAMLRequest on CAS 4.0);
    /// null when it is not that. Inflation is capped so a small payload cannot expand without bound.
    /// </summary>
    public static string? InflateFrontChannel(string encoded)
    {
        if (encoded.Length > MaxCharacters)
        {
            return null;
        }

        byte[] compressed;
        try
        {
            compressed = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            return null;
        }

        try
        {
            using var inflater = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
            var inflated = BoundedRead.ToArray(inflater, MaxCharacters);
            return inflated is null or { Length: 0 } ? null : new UTF8Encoding(false, true).GetString(inflated);
        }
        catch (Exception ex) when (ex is InvalidDataException or DecoderFallbackException)
        {
            return null;
        }
    }
}
