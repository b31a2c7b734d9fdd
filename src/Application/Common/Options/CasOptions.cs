using System.ComponentModel;
using System.Globalization;

namespace CasPortal.Application.Common.Options;

/// <summary>
/// The <c>Cas</c> configuration section: the values handlers and the gateway read. Every member has a safe default;
/// Infrastructure/Cas (<c>CasOptionsValidator</c>) checks the combination at start-up. Protocol details: the CAS
/// Protocol 3.0 specification.
/// </summary>
public sealed class CasOptions
{
    public const string SectionName = "Cas";

    /// <summary>CAS base URL, e.g. https://cas.example.edu/cas; login is {ServerUrl}/login.</summary>
    public string? ServerUrl { get; set; }

    /// <summary>Which validation endpoint and answer format the server speaks. Config values: 1, 2, 3 or Saml11.</summary>
    public CasProtocol ProtocolVersion { get; set; } = CasProtocol.V3;

    /// <summary>CAS 3.0 only: ask for <c>format=JSON</c>. An XML answer is still read (servers that ignore the format).</summary>
    public CasResponseFormat ResponseFormat { get; set; } = CasResponseFormat.Xml;

    /// <summary>Always ask for credentials (no single sign-on); sent on login and on validation.</summary>
    public bool Renew { get; set; }

    /// <summary>
    /// The portal may try a gateway login (<c>gateway=true</c>: sign in silently if a CAS session exists, never show a
    /// form). Callers consult it before passing a gateway attempt to <c>ICasGateway.BuildLoginUrl</c>.
    /// </summary>
    public bool Gateway { get; set; }

    /// <summary>CAS 3.0 only: <see cref="CasLoginMethod.Post"/> makes CAS return the ticket by a form POST.</summary>
    public CasLoginMethod LoginMethod { get; set; } = CasLoginMethod.Get;

    /// <summary>Passed through on every login URL (e.g. <c>locale</c>), sorted by name. Reserved: service, renew, gateway, method, ticket.</summary>
    public Dictionary<string, string> ExtraLoginParameters { get; set; } = [];

    /// <summary>Time allowed for one back-channel call, connection included.</summary>
    public TimeSpan ValidationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Larger answers are refused unread.</summary>
    public int MaxResponseBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Take the username from this attribute instead of <c>cas:user</c> / the SAML NameIdentifier. A validation whose
    /// answer lacks it, or holds other than exactly one value, is refused.
    /// </summary>
    public string? UsernameAttribute { get; set; }

    /// <summary>SAML 1.1: how far the assertion's NotBefore/NotOnOrAfter may be off the portal's clock (0 to 10 minutes).</summary>
    public TimeSpan SamlClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>CAS 2.0/3.0: sent as <c>pgtUrl</c> so CAS issues a proxy-granting ticket. Absolute https.</summary>
    public string? ProxyCallbackUrl { get; set; }

    /// <summary>Development only: allows an http:// <see cref="ProxyCallbackUrl"/>.</summary>
    public bool AllowInsecureProxyCallback { get; set; }

    /// <summary>
    /// Refuse a validation that brings no proxy-granting ticket IOU. Off by default: some servers cannot reach the
    /// callback and the spec says the validation then succeeds without one; proxying stays optional.
    /// </summary>
    public bool RequireProxyGrantingTicket { get; set; }

    /// <summary>
    /// Proxy chains a proxy ticket may come through. Each entry is one chain: proxy URLs separated by spaces, most recent
    /// first (as <c>cas:proxies</c> lists them). An element starting with <c>^</c> is a regular expression matched against
    /// the whole URL; any other is an exact URL. A non-empty list makes validation use proxyValidate.
    /// </summary>
    public List<string> AllowedProxyChains { get; set; } = [];

    /// <summary>Accept a proxy ticket through any chain. A deliberate choice; every such sign-in is logged.</summary>
    public bool AcceptAnyProxy { get; set; }
}

/// <summary>The CAS protocol the portal speaks to its server. The numbers are what configuration may say.</summary>
[TypeConverter(typeof(ConfigurationEnumConverter<CasProtocol>))]
public enum CasProtocol
{
    /// <summary>CAS 1.0: <c>/validate</c>, a two-line text answer, no attributes, no proxying.</summary>
    V1 = 1,

    /// <summary>CAS 2.0: <c>/serviceValidate</c> and <c>/proxyValidate</c>, XML.</summary>
    V2 = 2,

    /// <summary>CAS 3.0: <c>/p3/serviceValidate</c> and <c>/p3/proxyValidate</c>, XML or JSON, attributes.</summary>
    V3 = 3,

    /// <summary>SAML 1.1: <c>POST /samlValidate</c> with a SOAP request; a SAML 1.1 assertion with a validity window.</summary>
    Saml11 = 11,
}

[TypeConverter(typeof(ConfigurationEnumConverter<CasResponseFormat>))]
public enum CasResponseFormat
{
    Xml,
    Json,
}

[TypeConverter(typeof(ConfigurationEnumConverter<CasLoginMethod>))]
public enum CasLoginMethod
{
    Get,
    Post,
}

/// <summary>
/// Binds an option enum from configuration without throwing: names in any case and numbers, as <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/>
/// reads them; anything else ("3.0", "Saml") becomes <see cref="Unrecognized"/>, which the start-up check
/// reports with its key like every other bad value, instead of a start-up crash.
/// </summary>
public sealed class ConfigurationEnumConverter<TEnum>() : EnumConverter(typeof(TEnum))
    where TEnum : struct, Enum
{
    public const int Unrecognized = int.MinValue;

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text
            // No commas: Enum.TryParse would OR "1,2" into 3.
            ? !text.Contains(',') && Enum.TryParse<TEnum>(text.Trim(), ignoreCase: true, out var parsed)
                ? parsed
                : (TEnum)Enum.ToObject(typeof(TEnum), Unrecognized)
            : base.ConvertFrom(context, culture, value);
}
