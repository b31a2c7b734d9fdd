using System.Xml.Linq;

namespace CasPortal.Infrastructure.Cas;

/// <summary>The names SAML 1.1 over SOAP 1.1 uses (CAS <c>/samlValidate</c>).</summary>
internal static class Saml11
{
    public const string SoapNamespace = "http://schemas.xmlsoap.org/soap/envelope/";
    public const string ProtocolNamespace = "urn:oasis:names:tc:SAML:1.0:protocol";
    public const string AssertionNamespace = "urn:oasis:names:tc:SAML:1.0:assertion";

    /// <summary>The SOAPAction header java-cas-client and Apereo CAS use.</summary>
    public const string SoapAction = "http://www.oasis-open.org/committees/security";

    public static readonly XNamespace Soap = SoapNamespace;
    public static readonly XNamespace Samlp = ProtocolNamespace;
    public static readonly XNamespace Saml = AssertionNamespace;
}
