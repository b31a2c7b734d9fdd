using System.Globalization;

namespace CasPortal.Web;

/// <summary>The CAS protocol's standard attributes, shown in words rather than as raw values.</summary>
public static class StandardAttributes
{
    public static string Label(string name) => name switch
    {
        "authenticationDate" => "Signed in to CAS at",
        "isFromNewLogin" => "Password typed for this sign-in",
        "longTermAuthenticationRequestTokenUsed" => "\"Remember me\" used",
        _ => name,
    };

    public static string Value(string name, string value) => name switch
    {
        "authenticationDate" when DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) =>
            at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
        "isFromNewLogin" or "longTermAuthenticationRequestTokenUsed" when bool.TryParse(value, out var flag) => flag ? "Yes" : "No",
        _ => value,
    };
}
