using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace CasPortal.DevCas;

/// <summary>The request handlers of the development CAS server mounted at <c>prefix</c> (e.g. "/dev-cas").</summary>
internal sealed class DevCasEndpoints(string prefix)
{
    public const string CookieName = "DEVCAS_TGC";

    public IResult GetLogin(HttpContext context, DevCasTicketRegistry registry, IOptionsMonitor<DevCasOptions> options)
    {
        var settings = options.CurrentValue;
        var query = context.Request.Query;
        var service = Single(query["service"]);
        if (string.IsNullOrEmpty(service))
        {
            return DevCasPages.ServiceMissing();
        }

        if (!IsAllowedService(service, settings))
        {
            return DevCasPages.ServiceNotAllowed(service);
        }

        // The spec: renew bypasses single sign-on, and when both are given gateway is ignored.
        var renew = IsTrue(query["renew"]);
        if (!renew && registry.FindSession(context.Request.Cookies[CookieName]) is { } session)
        {
            return Results.Redirect(WithTicket(service, registry.IssueServiceTicket(service, session, fromNewLogin: false)));
        }

        if (!renew && IsTrue(query["gateway"]))
        {
            return Results.Redirect(service);
        }

        return DevCasPages.LoginForm(FormAction(context), service, settings.Users.Select(u => u.Username));
    }

    // No antiforgery token: this form exists only in development, its worst abuse is signing a browser in as one of
    // the configured test users, and it must work before the portal has any session. The form is read by hand because
    // [FromForm] binding would make ASP.NET Core demand antiforgery.
    public async Task<IResult> PostLogin(HttpContext context, DevCasTicketRegistry registry, IOptionsMonitor<DevCasOptions> options)
    {
        var request = context.Request;
        if (!request.HasFormContentType)
        {
            return DevCasPages.NotAFormPost();
        }

        var form = await request.ReadFormAsync(context.RequestAborted);
        var settings = options.CurrentValue;
        var service = Single(form["service"]);
        if (string.IsNullOrEmpty(service))
        {
            return DevCasPages.ServiceMissing();
        }

        if (!IsAllowedService(service, settings))
        {
            return DevCasPages.ServiceNotAllowed(service);
        }

        var username = Single(form["username"]) ?? "";
        var password = Single(form["password"]) ?? "";
        var user = settings.Users.FirstOrDefault(u =>
            string.Equals(u.Username, username, StringComparison.Ordinal) &&
            string.Equals(u.Password, password, StringComparison.Ordinal));
        if (user is null)
        {
            return DevCasPages.LoginForm(
                FormAction(context), service, settings.Users.Select(u => u.Username), username,
                "wrong username or password", StatusCodes.Status401Unauthorized);
        }

        // One session per browser: a new sign-in replaces the one its cookie pointed to.
        registry.EndSession(request.Cookies[CookieName]);
        var session = registry.StartSession(user);
        context.Response.Cookies.Append(CookieName, session.Id, CookieOptions(context));
        return Results.Redirect(WithTicket(service, registry.IssueServiceTicket(service, session, fromNewLogin: true)));
    }

    public IResult Logout(HttpContext context, DevCasTicketRegistry registry, IOptionsMonitor<DevCasOptions> options)
    {
        registry.EndSession(context.Request.Cookies[CookieName]);
        context.Response.Cookies.Delete(CookieName, CookieOptions(context));
        // Only a link, and only to an allowed service: /logout must not become an open redirect.
        var service = Single(context.Request.Query["service"]);
        var allowed = !string.IsNullOrEmpty(service) && IsAllowedService(service, options.CurrentValue);
        return DevCasPages.SignedOut(allowed ? service : null);
    }

    public static IResult Validate(HttpRequest request, DevCasTicketRegistry registry) =>
        DevCasResponses.Cas1(Check(request, registry));

    public static IResult ServiceValidate(HttpRequest request, DevCasTicketRegistry registry) =>
        DevCasResponses.Cas2(Check(request, registry));

    public static IResult P3ServiceValidate(HttpRequest request, DevCasTicketRegistry registry) =>
        DevCasResponses.Cas3(Check(request, registry));

    private static DevCasValidationResult Check(HttpRequest request, DevCasTicketRegistry registry) =>
        registry.Validate(Single(request.Query["service"]), Single(request.Query["ticket"]), IsTrue(request.Query["renew"]));

    // Whitespace, control characters and fragments are refused so that appending "?ticket=" / "&ticket=" to the raw
    // string always lands in the query, and so that the string can be sent back verbatim in a Location header.
    private static bool IsAllowedService(string service, DevCasOptions settings) =>
        Uri.TryCreate(service, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) &&
        !service.Any(c => c == '#' || char.IsWhiteSpace(c) || char.IsControl(c)) &&
        (settings.AllowedServicePrefixes.Count == 0 ||
         settings.AllowedServicePrefixes.Any(allowed => service.StartsWith(allowed, StringComparison.Ordinal)));

    private static string WithTicket(string service, string ticket) =>
        $"{service}{(service.Contains('?') ? '&' : '?')}ticket={Uri.EscapeDataString(ticket)}";

    private string BasePath(HttpContext context) => context.Request.PathBase.Add(new PathString(prefix)).Value!;

    private string FormAction(HttpContext context) => BasePath(context) + "/login";

    private CookieOptions CookieOptions(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = context.Request.IsHttps,
        Path = BasePath(context),
        // Sign-in must work even when the portal asks for cookie consent.
        IsEssential = true,
    };

    // A repeated parameter is treated as absent rather than guessing which copy was meant.
    private static string? Single(StringValues values) => values.Count == 1 ? values[0] : null;

    private static bool IsTrue(StringValues values) =>
        string.Equals(Single(values), "true", StringComparison.OrdinalIgnoreCase);
}
