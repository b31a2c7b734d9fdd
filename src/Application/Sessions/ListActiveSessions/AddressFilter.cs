using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace CasPortal.Application.Sessions.ListActiveSessions;

/// <summary>
/// The sessions list's address filter: a whole address ("10.1.2.3", "2001:db8::1") matches exactly; the start of one,
/// ending in a dot or a colon ("10.1.", "2001:db8:"), matches every address that starts so.
/// </summary>
public sealed partial record AddressFilter(string Value, bool IsPrefix)
{
    public const string Explanation =
        "Enter an address (10.1.2.3 or 2001:db8::1) or the start of one ending in a dot or a colon (10.1. or 2001:db8:).";

    /// <summary>The filter the text asks for, or null when it is neither an address nor the start of one.</summary>
    public static AddressFilter? Parse(string? text)
    {
        var value = text?.Trim() ?? string.Empty;
        if (Ipv4().Match(value) is { Success: true } v4)
        {
            var octets = v4.Groups["octet"].Captures.Select(c => int.Parse(c.Value, CultureInfo.InvariantCulture)).ToList();
            var whole = octets.Count == 4 && !value.EndsWith('.');
            var prefix = octets.Count <= 3 && value.EndsWith('.');
            return octets.All(o => o <= 255) && (whole || prefix) ? new AddressFilter(value, prefix) : null;
        }

        if (value.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(value, out var v6))
        {
            // Stored addresses are in the canonical (lower-case, shortest) form.
            return new AddressFilter(v6.ToString(), IsPrefix: false);
        }

        return Ipv6Prefix().IsMatch(value) ? new AddressFilter(value.ToLowerInvariant(), IsPrefix: true) : null;
    }

    [GeneratedRegex(@"^(?<octet>[0-9]{1,3})(?:\.(?<octet>[0-9]{1,3})){0,3}\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv4();

    [GeneratedRegex(@"^(?:[0-9A-Fa-f]{1,4}:){1,7}$", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv6Prefix();
}
