using System.IO.Compression;
using System.Text;
using CasPortal.Application.Common.Cas;
using CasPortal.Infrastructure.Cas;

namespace CasPortal.Infrastructure.Tests.Cas;

public class LogoutRequestReaderTests
{
    private const string SampleTicket = "ST-42-Hq7sZ1pDx0mJk3vT9bNc-cas.example.edu";

    private static string Sample(string name) => Samples.Read(name).Trim();

    [Fact]
    public void The_service_ticket_is_read_from_the_session_index() =>
        Assert.Equal([SampleTicket], LogoutRequestReader.ServiceTickets(Sample("slo-logout-request.xml")));

    [Fact]
    public void The_front_channel_form_inflates_to_the_same_request()
    {
        var xml = LogoutRequestReader.InflateFrontChannel(Sample("slo-front-channel-logoutRequest.b64"));

        Assert.NotNull(xml);
        Assert.Equal([SampleTicket], LogoutRequestReader.ServiceTickets(xml));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not xml")]
    [InlineData("<LogoutRequest><SessionIndex>ST-1</SessionIndex></LogoutRequest>")]
    [InlineData("<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"></samlp:LogoutRequest>")]
    [InlineData("<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><samlp:SessionIndex>TGT-1-x</samlp:SessionIndex></samlp:LogoutRequest>")]
    [InlineData("<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><x><samlp:SessionIndex>ST-1</samlp:SessionIndex></x></samlp:LogoutRequest>")]
    [InlineData("<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><samlp:SessionIndex>ST-1</samlp:SessionIndex>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><samlp:SessionIndex>&x;</samlp:SessionIndex></samlp:LogoutRequest>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><samlp:SessionIndex>ST-&b;</samlp:SessionIndex></samlp:LogoutRequest>")]
    public void Anything_but_a_logout_request_naming_service_tickets_is_refused(string xml) =>
        Assert.Null(LogoutRequestReader.ServiceTickets(xml));

    [Fact]
    public void An_oversized_request_is_refused_unread() =>
        Assert.Null(LogoutRequestReader.ServiceTickets(Sample("slo-logout-request.xml").Replace("@NOT_USED@", new string('x', 20_000))));

    [Theory]
    [InlineData("%%%not base64")]
    [InlineData("AAAA")]
    public void A_front_channel_value_that_is_not_deflated_base64_is_refused(string encoded) =>
        Assert.Null(LogoutRequestReader.InflateFrontChannel(encoded));

    [Fact]
    public void A_deflate_bomb_is_refused_before_it_expands()
    {
        using var compressed = new MemoryStream();
        using (var deflate = new DeflateStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(Encoding.UTF8.GetBytes(new string('a', 5_000_000)));
        }

        var encoded = Convert.ToBase64String(compressed.ToArray());
        Assert.True(encoded.Length < ILogoutRequestReader.MaxCharacters);

        Assert.Null(LogoutRequestReader.InflateFrontChannel(encoded));
    }
}
