using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using CasPortal.Domain;
using CasPortal.Domain.Sessions;
using Microsoft.AspNetCore.Authentication;

namespace CasPortal.Web.Authentication;

/// <summary>
/// The session cookie's value is the session id itself: 256 random bits, of which the database keeps only a hash. The
/// cookie handler's default format would encrypt and sign that id with data protection on every request, which adds
/// nothing here: the id cannot be guessed, and any other value finds no row and leaves the browser signed out.
/// </summary>
public sealed class SessionCookieFormat : ISecureDataFormat<AuthenticationTicket>
{
    /// <summary>The claim in which the cookie handler hands the session store's key to the format.</summary>
    private const string SessionKeyClaim = "Microsoft.AspNetCore.Authentication.Cookies-SessionId";

    public string Protect(AuthenticationTicket data) =>
        data.Principal.FindFirst(SessionKeyClaim)?.Value
        ?? throw new InvalidOperationException("The session cookie holds only a session id; set CookieAuthenticationOptions.SessionStore.");

    public string Protect(AuthenticationTicket data, string? purpose) => Protect(data);

    public AuthenticationTicket? Unprotect(string? protectedText) =>
        IsSessionId(protectedText)
            ? new AuthenticationTicket(
                new ClaimsPrincipal(new ClaimsIdentity([new Claim(SessionKeyClaim, protectedText)], SessionPrincipal.Scheme)),
                SessionPrincipal.Scheme)
            : null;

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose) => Unprotect(protectedText);

    /// <summary>What <see cref="PortalSession.NewId"/> makes: 43 characters of unpadded base64url.</summary>
    private static bool IsSessionId([NotNullWhen(true)] string? value) =>
        value is { Length: Limits.SessionIdLength } && Base64Url.IsValid(value, out var decoded) && decoded == 32;
}
