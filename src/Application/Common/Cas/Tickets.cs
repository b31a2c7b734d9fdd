using System.Text.RegularExpressions;

namespace CasPortal.Application.Common.Cas;

public static partial class Tickets
{
    public const string ServiceOrProxyTicketPattern = "^(ST|PT)-[A-Za-z0-9.-]{1,256}$";

    [GeneratedRegex(ServiceOrProxyTicketPattern, RegexOptions.CultureInvariant)]
    public static partial Regex ServiceOrProxyTicket();
}
