using System.Security.Claims;
using CasPortal.Application.Sessions.GetActiveSession;

namespace CasPortal.Web.Authentication;

/// <summary>
/// How a portal session looks to ASP.NET Core: the user's name, the session id (the cookie's secret, for commands that
/// act on this session), its reference (what pages, audit events and logs show) and the CAS attributes.
/// </summary>
public static class SessionPrincipal
{
    public const string Scheme = "CasPortal";
    public const string SessionIdClaim = "casportal:sid";
    public const string SessionReferenceClaim = "casportal:sref";
    public const string AttributeClaimPrefix = "cas:";

    /// <summary>What the cookie handler hands to the session store at sign-in; the store keeps only the id.</summary>
    public static ClaimsPrincipal ForSignIn(string sessionId, string username) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, username), new Claim(SessionIdClaim, sessionId)],
            Scheme));

    /// <summary>The principal of each request, rebuilt from the session row.</summary>
    public static ClaimsPrincipal From(ActiveSession session)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, session.Username),
            new(SessionIdClaim, session.Id),
            new(SessionReferenceClaim, session.Reference),
        };
        foreach (var (name, values) in session.Attributes)
        {
            claims.AddRange(values.Select(value => new Claim(AttributeClaimPrefix + name, value)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    public static string? SessionIdOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(SessionIdClaim) : null;

    public static string? SessionReferenceOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(SessionReferenceClaim) : null;

    /// <summary>Every attribute with all its values, in the order the CAS server sent them.</summary>
    public static IReadOnlyList<(string Name, IReadOnlyList<string> Values)> AttributesOf(ClaimsPrincipal user) =>
        user.Claims
            .Where(c => c.Type.StartsWith(AttributeClaimPrefix, StringComparison.Ordinal))
            .GroupBy(c => c.Type[AttributeClaimPrefix.Length..], StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(c => c.Value).ToList()))
            .ToList();
}
