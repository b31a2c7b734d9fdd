using System.Text.RegularExpressions;

namespace CasPortal.Application.Common.Cas;

/// <summary>
/// Strict ticket shapes: a prefix and up to 256 letters, digits, '-' or '.' (real servers append host names with dots).
/// Anything else is never sent on, stored or used as a key. <c>\z</c>, not <c>$</c>: "ST-1\n" is not a ticket.
/// </summary>
public static partial class Tickets
{
    public const string ServiceOrProxyTicketPattern = @"^(ST|PT)-[A-Za-z0-9.-]{1,256}\z";
    public const string ProxyTicketPattern = @"^PT-[A-Za-z0-9.-]{1,256}\z";
    public const string ProxyGrantingTicketPattern = @"^PGT-[A-Za-z0-9.-]{1,256}\z";
    public const string ProxyGrantingTicketIouPattern = @"^PGTIOU-[A-Za-z0-9.-]{1,256}\z";

    /// <summary>Proxy tickets start with this; validation then goes to proxyValidate.</summary>
    public const string ProxyTicketPrefix = "PT-";

    [GeneratedRegex(ServiceOrProxyTicketPattern, RegexOptions.CultureInvariant)]
    public static partial Regex ServiceOrProxyTicket();

    [GeneratedRegex(ProxyTicketPattern, RegexOptions.CultureInvariant)]
    public static partial Regex ProxyTicket();

    [GeneratedRegex(ProxyGrantingTicketPattern, RegexOptions.CultureInvariant)]
    public static partial Regex ProxyGrantingTicket();

    [GeneratedRegex(ProxyGrantingTicketIouPattern, RegexOptions.CultureInvariant)]
    public static partial Regex ProxyGrantingTicketIou();
}
