using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CasPortal.Application.Authentication;

/// <summary>
/// A browser's lasting identity: a random value in a long-lived HttpOnly cookie that outlives sign-out, so a revocation
/// can require "that browser" to type a password again when it comes back. Only its hash is stored.
/// </summary>
public static partial class BrowserId
{
    /// <summary>256 random bits, base64url (43 characters).</summary>
    public static string NewValue() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The SHA-256 (64 lowercase hex) of a well-formed cookie value; null for a missing or forged one.</summary>
    public static string? HashOf(string? cookieValue) =>
        cookieValue is not null && Format().IsMatch(cookieValue)
            ? Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(cookieValue)))
            : null;

    [GeneratedRegex("^[A-Za-z0-9_-]{43}$", RegexOptions.CultureInvariant)]
    private static partial Regex Format();
}
