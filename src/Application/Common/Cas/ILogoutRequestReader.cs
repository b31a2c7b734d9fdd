namespace CasPortal.Application.Common.Cas;

/// <summary>
/// Reads a CAS single-logout message (a SAML LogoutRequest) as each channel carries it. Anyone can send one, so a
/// message that is not exactly a logout request naming service tickets is refused as a whole.
/// </summary>
public interface ILogoutRequestReader
{
    /// <summary>Larger messages are refused unread; a real logout request is far smaller.</summary>
    const int MaxCharacters = 16 * 1024;

    /// <summary>The service tickets a back-channel message (the XML itself) names, or null when it is not a logout request.</summary>
    IReadOnlyList<string>? ReadBackChannel(string xml);

    /// <summary>
    /// The service tickets a front-channel message (base64 of the raw-deflated XML, as <c>logoutRequest</c> or CAS 4.0's
    /// <c>SAMLRequest</c>) names, or null when it is not one.
    /// </summary>
    IReadOnlyList<string>? ReadFrontChannel(string encoded);
}
