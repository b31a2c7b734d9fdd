using System.Security.Cryptography;
using System.Text;

namespace CasPortal.Application.Common.Telemetry;

/// <summary>
/// A short, non-secret name for a session in log scopes: the first hex digits of the SHA-256 of its id. It tells
/// one session's lines from another's and cannot be turned back into the cookie. Stands in until sessions carry
/// their own stored reference; then log scopes should use that instead.
/// </summary>
public static class SessionLogReference
{
    private const int HexDigits = 12;

    public static string For(string sessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(sessionId), hash);
        return Convert.ToHexStringLower(hash)[..HexDigits];
    }
}
