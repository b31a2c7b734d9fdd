using System.Globalization;
using System.Text.RegularExpressions;

namespace CasPortal.Application.Authentication.ValidateTicket;

/// <summary>
/// Whether a CAS 3 answer proves the user typed credentials after a given moment, so a sign-in under a
/// re-authentication requirement needs no extra round trip. Only a parseable <c>authenticationDate</c> later than the
/// requirement counts, and never when <c>isFromNewLogin</c> is released as anything but true: an absent, repeated or
/// unparseable date proves nothing. <c>successfulAuthenticationHandlers</c> names how, not when, so it is not used.
/// </summary>
public static partial class FreshCredentialProof
{
    public const string AuthenticationDate = "authenticationDate";
    public const string IsFromNewLogin = "isFromNewLogin";

    /// <returns>The authentication time when it proves a check after <paramref name="requiredAt"/>; otherwise null.</returns>
    public static DateTime? After(IReadOnlyDictionary<string, IReadOnlyList<string>> attributes, DateTime requiredAt)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (attributes.TryGetValue(IsFromNewLogin, out var fromNewLogin)
            && !(fromNewLogin is [var flag] && bool.TryParse(flag, out var isNew) && isNew))
        {
            return null;
        }

        if (!attributes.TryGetValue(AuthenticationDate, out var dates) || dates is not [var date]
            || ParseInstant(date) is not { } authenticatedAt)
        {
            return null;
        }

        return authenticatedAt > requiredAt ? authenticatedAt : null;
    }

    /// <summary>
    /// ISO 8601 with an explicit offset (Apereo CAS may append a zone id in brackets: <c>…-05:00[America/New_York]</c>),
    /// or epoch seconds as the CAS 3 JSON answer gives them. A time without an offset is ambiguous and refused.
    /// </summary>
    public static DateTime? ParseInstant(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 64)
        {
            return null;
        }

        var text = ZoneId().Replace(value.Trim(), string.Empty);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var epochSeconds))
        {
            return epochSeconds is > 0 and < 32503680000 // before the year 3000
                ? DateTime.UnixEpoch.AddTicks((long)(epochSeconds * TimeSpan.TicksPerSecond))
                : null;
        }

        if (!OffsetAtEnd().IsMatch(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? instant.UtcDateTime
            : null;
    }

    [GeneratedRegex(@"\[[A-Za-z0-9_+\-/]{1,64}\]$", RegexOptions.CultureInvariant)]
    private static partial Regex ZoneId();

    [GeneratedRegex(@"T.*(Z|[+-]\d\d:?\d\d)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex OffsetAtEnd();
}
