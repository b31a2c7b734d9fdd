using System.Security.Claims;
using CasPortal.Application.Common.Models;
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

    /// <summary>What the cookie handler hands to the session store at sign-in; the store keeps only the id.</summary>
    public static ClaimsPrincipal ForSignIn(string sessionId, string username) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, username), new Claim(SessionIdClaim, sessionId)],
            Scheme));

    /// <summary>The principal of each request, rebuilt from the session row.</summary>
    public static ClaimsPrincipal From(ActiveSession session) =>
        new(new SessionIdentity(
            [
                new Claim(ClaimTypes.Name, session.Username),
                new Claim(SessionIdClaim, session.Id),
                new Claim(SessionReferenceClaim, session.Reference),
            ],
            session.Attributes));

    public static string? SessionIdOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(SessionIdClaim) : null;

    public static string? SessionReferenceOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(SessionReferenceClaim) : null;

    /// <summary>
    /// Every attribute with all its values, in the order the CAS server sent them, read from the session at the first
    /// look; none for any other principal.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> AttributesOf(ClaimsPrincipal user) =>
        user.Identity is SessionIdentity { IsAuthenticated: true } session ? session.Attributes : EmptyAttributes;

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> EmptyAttributes =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>
    /// The CAS attributes ride on the identity, not as claims: most requests never look at them, and as claims every
    /// request would read and copy them all (<see cref="SessionAttributes"/>).
    /// </summary>
    private sealed class SessionIdentity : ClaimsIdentity
    {
        public SessionIdentity(IEnumerable<Claim> claims, IReadOnlyDictionary<string, IReadOnlyList<string>> attributes)
            : base(claims, Scheme) => Attributes = attributes;

        private SessionIdentity(SessionIdentity other)
            : base(other) => Attributes = other.Attributes;

        public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; }

        public override ClaimsIdentity Clone() => new SessionIdentity(this);
    }
}
