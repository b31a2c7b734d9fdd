using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace CasPortal.Application.Authentication;

/// <summary>
/// The nonce that binds a sign-in to the browser that started it (login CSRF): the browser keeps it in a cookie, the
/// service URL carries it to CAS and back, and a ticket is validated only when both agree.
/// </summary>
public static partial class SignInState
{
    /// <summary>A new unguessable nonce: 128 random bits, base64url.</summary>
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>What <see cref="New"/> makes; anything else is not a state this portal issued.</summary>
    public static bool IsWellFormed(string? value) => value is not null && Shape().IsMatch(value);

    [GeneratedRegex(@"^[A-Za-z0-9_-]{22}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
