using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// The body of a CAS <c>POST /samlValidate</c>: a SOAP 1.1 envelope with an empty Header (some servers answer
/// VersionMismatch without one) and a SAML 1.1 <c>samlp:Request</c> holding the ticket as its AssertionArtifact.
/// Written with <see cref="XmlWriter"/>, so the ticket is escaped text and can never become markup.
/// </summary>
internal static class Saml11RequestWriter
{
    /// <exception cref="ArgumentException">The ticket holds a character XML cannot carry (the message does not repeat it).</exception>
    public static string Write(string ticket, string requestId, DateTimeOffset issueInstant)
    {
        ArgumentException.ThrowIfNullOrEmpty(ticket);
        ArgumentException.ThrowIfNullOrEmpty(requestId);

        var text = new StringBuilder();
        var settings = new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false };
        try
        {
            using var writer = XmlWriter.Create(text, settings);
            writer.WriteStartElement("SOAP-ENV", "Envelope", Saml11.SoapNamespace);
            writer.WriteStartElement("SOAP-ENV", "Header", Saml11.SoapNamespace);
            writer.WriteEndElement();
            writer.WriteStartElement("SOAP-ENV", "Body", Saml11.SoapNamespace);
            writer.WriteStartElement("samlp", "Request", Saml11.ProtocolNamespace);
            writer.WriteAttributeString("MajorVersion", "1");
            writer.WriteAttributeString("MinorVersion", "1");
            writer.WriteAttributeString("RequestID", requestId);
            writer.WriteAttributeString("IssueInstant", IssueInstant(issueInstant));
            writer.WriteElementString("samlp", "AssertionArtifact", Saml11.ProtocolNamespace, ticket);
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
        catch (ArgumentException)
        {
            throw new ArgumentException("The ticket holds a character that XML cannot carry.", nameof(ticket));
        }

        return text.ToString();
    }

    /// <summary>A fresh xs:ID: an underscore and 128 random bits in hex.</summary>
    public static string NewRequestId() => "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>UTC with milliseconds, as SAML 1.1 wants: 2026-11-27T10:15:02.000Z.</summary>
    public static string IssueInstant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
