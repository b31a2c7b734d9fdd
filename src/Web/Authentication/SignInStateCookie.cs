using CasPortal.Application.Authentication;

namespace CasPortal.Web.Authentication;

/// <summary>
/// The browser's side of <see cref="SignInState"/>: the states of the sign-ins it started and has not finished, a few
/// at once so that several tabs can sign in together. A state is used once.
/// </summary>
public static class SignInStateCookie
{
    public const string Name = "casportal.signin";

    /// <summary>Sign-ins one browser may have under way at once; starting another forgets the oldest.</summary>
    public const int MaxOutstanding = 8;

    /// <summary>Long enough to type a password (and a second factor) at the CAS server.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private const char Separator = '.';

    /// <summary>Makes a new state, adds it to the browser's cookie and returns it for the service URL.</summary>
    public static string Issue(HttpContext context, PortalOptions portal, CasOptions cas)
    {
        var state = SignInState.New();
        Remember(context, state, portal, cas);
        return state;
    }

    /// <summary>Adds <paramref name="state"/>, made before it was known whether a sign-in starts, to the browser's cookie.</summary>
    public static void Remember(HttpContext context, string state, PortalOptions portal, CasOptions cas)
    {
        var states = Read(context.Request).Append(state).TakeLast(MaxOutstanding);
        context.Response.Cookies.Append(Name, string.Join(Separator, states), Options(portal, cas));
    }

    /// <summary>
    /// True when <paramref name="state"/> is one this browser holds; it is then removed, so the same state never
    /// admits a second ticket.
    /// </summary>
    public static bool TryConsume(HttpContext context, string? state, PortalOptions portal, CasOptions cas)
    {
        var states = Read(context.Request);
        if (!SignInState.IsWellFormed(state) || !states.Contains(state, StringComparer.Ordinal))
        {
            return false;
        }

        var rest = states.Where(s => !string.Equals(s, state, StringComparison.Ordinal)).ToList();
        if (rest.Count == 0)
        {
            context.Response.Cookies.Delete(Name, Options(portal, cas));
        }
        else
        {
            context.Response.Cookies.Append(Name, string.Join(Separator, rest), Options(portal, cas));
        }

        return true;
    }

    /// <summary>Whether the request carries a state this browser holds, without using it up.</summary>
    public static bool Holds(HttpRequest request, string? state) =>
        SignInState.IsWellFormed(state) && Read(request).Contains(state, StringComparer.Ordinal);

    private static List<string> Read(HttpRequest request) =>
        (request.Cookies[Name] ?? string.Empty)
            .Split(Separator, StringSplitOptions.RemoveEmptyEntries)
            .Where(SignInState.IsWellFormed)
            .TakeLast(MaxOutstanding)
            .ToList();

    /// <summary>
    /// SameSite=Lax: CAS sends the browser back by a top-level GET, which carries it. With Cas:LoginMethod Post, CAS's
    /// page posts the ticket across sites, which a Lax cookie does not ride on, so on an https portal the cookie is
    /// SameSite=None there. That is safe for this cookie: a forged request cannot know the state it holds.
    /// </summary>
    private static CookieOptions Options(PortalOptions portal, CasOptions cas)
    {
        var options = PortalCookies.Marker(portal, "/login", Lifetime);
        if (cas.LoginMethod == CasLoginMethod.Post && options.Secure)
        {
            options.SameSite = SameSiteMode.None;
        }

        return options;
    }
}
