using System.Xml.Linq;
using CasPortal.Infrastructure.Cas;

namespace CasPortal.Infrastructure.Tests.Cas;

public class Saml11RequestWriterTests
{
    private static readonly DateTimeOffset Instant = new(2026, 11, 27, 11, 15, 2, TimeSpan.FromHours(1));

    [Fact]
    public void Request_is_a_soap_envelope_with_an_empty_header_and_the_ticket_as_assertion_artifact()
    {
        var body = Saml11RequestWriter.Write("ST-1-u4hrm3td92cLxpCvrjylcas.example.edu", "_0123456789abcdef0123456789abcdef", Instant);

        Assert.Equal(
            """<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Header />"""
            + """<SOAP-ENV:Body><samlp:Request MajorVersion="1" MinorVersion="1" RequestID="_0123456789abcdef0123456789abcdef" """
            + """IssueInstant="2026-11-27T10:15:02.000Z" xmlns:samlp="urn:oasis:names:tc:SAML:1.0:protocol">"""
            + """<samlp:AssertionArtifact>ST-1-u4hrm3td92cLxpCvrjylcas.example.edu</samlp:AssertionArtifact>"""
            + """</samlp:Request></SOAP-ENV:Body></SOAP-ENV:Envelope>""",
            body);
    }

    [Fact]
    public void Request_says_the_same_as_the_shared_sample()
    {
        var written = XElement.Parse(Saml11RequestWriter.Write("ST-1-u4hrm3td92cLxpCvrjylcas.example.edu", "_192.168.16.51.1024506224022",
            new DateTimeOffset(2026, 11, 27, 10, 15, 2, TimeSpan.Zero)));
        var sample = XElement.Parse(Samples.Read("saml11-request.xml"));

        Assert.True(XNode.DeepEquals(Normalize(sample), Normalize(written)));
    }

    [Theory]
    [InlineData("ST-1<x>&y\"z</samlp:AssertionArtifact><evil/>")]
    [InlineData("ST-1]]>")]
    public void Ticket_is_escaped_text_never_markup(string ticket)
    {
        var body = Saml11RequestWriter.Write(ticket, Saml11RequestWriter.NewRequestId(), Instant);

        var artifacts = XElement.Parse(body).Descendants(Saml11.Samlp + "AssertionArtifact").ToList();
        Assert.Equal(ticket, Assert.Single(artifacts).Value);
        Assert.Empty(XElement.Parse(body).Descendants("evil"));
    }

    [Fact]
    public void Ticket_with_a_character_xml_cannot_carry_is_refused_without_repeating_it()
    {
        var error = Assert.Throws<ArgumentException>(() => Saml11RequestWriter.Write("ST-1\u0001secret", "_1", Instant));

        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public void Request_ids_are_fresh_xml_ids()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => Saml11RequestWriter.NewRequestId()).ToList();

        Assert.All(ids, id => Assert.Matches("^_[0-9a-f]{32}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    /// <summary>Only what the XML says: whitespace-only text, namespace declarations and attribute order do not count.</summary>
    private static XElement Normalize(XElement element) => new(
        element.Name,
        element.Attributes().Where(attribute => !attribute.IsNamespaceDeclaration).OrderBy(attribute => attribute.Name.ToString()).Select(attribute => new XAttribute(attribute)),
        element.Nodes().Select(node => node switch
        {
            XElement child => Normalize(child),
            XText text when string.IsNullOrWhiteSpace(text.Value) => null,
            _ => node,
        }));
}
