using System.Security.Cryptography;
using System.Text;

namespace CasPortal.Application.Common.Cas;

/// <summary>
/// A ticket stands in for a password until it is used, so logs, audit rows and the session table keep this hash
/// instead: SHA-256 of the ticket, lowercase hex. Single logout finds the session by hashing the ticket it names.
/// </summary>
public static class TicketHash
{
    public const int Length = 64;

    /// <summary>How many leading characters of the hash logs and audit details show.</summary>
    public const int ShortLength = 12;

    /// <summary>The full hash (64 lowercase hex characters).</summary>
    public static string Of(string ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ticket)));
    }

    /// <summary>The first 12 characters of a hash from <see cref="Of"/>, to correlate log lines and audit rows.</summary>
    /// <exception cref="ArgumentException">The value is not such a hash (a ticket passed by mistake would leak).</exception>
    public static string Short(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (hash.Length != Length || !hash.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("Expected a hash from TicketHash.Of, not a ticket.", nameof(hash));
        }

        return hash[..ShortLength];
    }
}
