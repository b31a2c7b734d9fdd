using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
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
        if (IsRefusedService(service, settings, out var refusal))
        {
            return refusal;
        }

        // The spec: renew bypasses single sign-on, and when both are given gateway is ignored.
        var renew = IsTrue(query["renew"]);
        var postTicket = IsPost(query["method"]);
        if (!renew && registry.FindSession(context.Request.Cookies[CookieName]) is { } session)
        {
            return HandBack(service, registry.IssueServiceTicket(service, session, fromNewLogin: false), postTicket);
        }

        if (!renew && IsTrue(query["gateway"]))
        {
            // No ticket to hand back, so a plain redirect even with method=POST.
            return Results.Redirect(service);
        }

        return DevCasPages.LoginForm(FormAction(context), service, settings.Users.Select(u => u.Username), postTicket: postTicket);
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
        if (IsRefusedService(service, settings, out var refusal))
        {
            return refusal;
        }

        var postTicket = IsPost(form["method"]);
        var username = Single(form["username"]) ?? "";
        var password = Single(form["password"]) ?? "";
        var user = settings.Users.FirstOrDefault(u =>
            string.Equals(u.Username, username, StringComparison.Ordinal) &&
            string.Equals(u.Password, password, StringComparison.Ordinal));
        if (user is null)
        {
            return DevCasPages.LoginForm(
                FormAction(context), service, settings.Users.Select(u => u.Username), username,
                "wrong username or password", StatusCodes.Status401Unauthorized, postTicket);
        }

        // One session per browser: a new sign-in replaces the one its cookie pointed to.
        registry.EndSession(request.Cookies[CookieName]);
        var session = registry.StartSession(user);
        context.Response.Cookies.Append(CookieName, session.Id, CookieOptions(context));
        return HandBack(service, registry.IssueServiceTicket(service, session, fromNewLogin: true), postTicket);
    }

    // GET and POST alike (some clients post): ends the single sign-on session and its proxy-granting tickets,
    // announces the logout to every service that got a ticket in it (back channel), then shows the signed-out page.
    public async Task<IResult> Logout(
        HttpContext context, DevCasTicketRegistry registry, DevCasBackChannel backChannel, IOptionsMonitor<DevCasOptions> options)
    {
        var request = context.Request;
        var service = Single(request.Query["service"]);
        if (service is null && HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            service = Single((await request.ReadFormAsync(context.RequestAborted))["service"]);
        }

        var ended = registry.EndSession(request.Cookies[CookieName]);
        context.Response.Cookies.Delete(CookieName, CookieOptions(context));
        var settings = options.CurrentValue;
        if (ended is not null && settings.SendSingleLogout)
        {
            await backChannel.SendLogoutRequestsAsync(ended.IssuedTickets());
        }

        // Only a link, and only to an allowed service: /logout must not become an open redirect.
        var allowed = !string.IsNullOrEmpty(service) && IsAllowedService(service, settings);
        return DevCasPages.SignedOut(allowed ? service : null);
    }

    public static IResult Validate(HttpRequest request, DevCasTicketRegistry registry) =>
        DevCasResponses.Cas1(registry.Validate(
            Single(request.Query["service"]), Single(request.Query["ticket"]), IsTrue(request.Query["renew"])));

    /// <summary>
    /// The handler of /serviceValidate, /proxyValidate and their /p3/ forms: proxyValidate also accepts proxy tickets,
    /// CAS 3.0 also answers JSON and attributes.
    /// </summary>
    public static Func<HttpContext, DevCasTicketRegistry, DevCasBackChannel, IOptionsMonitor<DevCasOptions>, Task<IResult>> Validation(
        bool acceptProxyTickets, bool cas3) =>
        (context, registry, backChannel, options) => ValidateAsync(context, registry, backChannel, options, acceptProxyTickets, cas3);

    /// <summary><c>GET /proxy?pgt=PGT-…&amp;targetService=…</c>: a proxy ticket for the target service.</summary>
    public static IResult Proxy(HttpRequest request, DevCasTicketRegistry registry, IOptionsMonitor<DevCasOptions> options)
    {
        var pgt = Single(request.Query["pgt"]);
        var targetService = Single(request.Query["targetService"]);
        if (string.IsNullOrEmpty(pgt) || string.IsNullOrEmpty(targetService))
        {
            return DevCasResponses.Proxy(new DevCasProxyFailure(
                "INVALID_REQUEST", "'pgt' and 'targetService' parameters are both required."));
        }

        // The same rule as for /login: a proxy ticket can only be issued for a service allowed to use this server.
        if (!IsAllowedService(targetService, options.CurrentValue))
        {
            return DevCasResponses.Proxy(new DevCasProxyFailure("UNAUTHORIZED_SERVICE",
                $"The target service '{targetService}' is not allowed to use this CAS server (DevCas:AllowedServicePrefixes)."));
        }

        return DevCasResponses.Proxy(registry.IssueProxyTicket(pgt, targetService));
    }

    /// <summary><c>POST /samlValidate?TARGET={service}</c>: SAML 1.1 validation of a service ticket.</summary>
    public static async Task<IResult> SamlValidate(HttpContext context, DevCasTicketRegistry registry, TimeProvider time)
    {
        var target = Single(context.Request.Query["TARGET"]);
        var body = await ReadCappedAsync(context.Request, DevCasSaml.MaxRequestBytes, context.RequestAborted);
        var request = body is null ? null : DevCasSaml.ParseRequest(body);
        if (request is null)
        {
            return DevCasSaml.Failure(
                requesterError: true,
                $"The body must be a SOAP 1.1 envelope (at most {DevCasSaml.MaxRequestBytes} bytes, no DTD) holding one samlp:Request with one samlp:AssertionArtifact.",
                target, inResponseTo: null, time.GetUtcNow());
        }

        // The same single-use and service rules as the other validation endpoints; service tickets only. The ticket
        // being present, INVALID_REQUEST can only mean a missing TARGET: the requester's mistake. Every other failure
        // (unknown, used or expired ticket, proxy ticket, service mismatch, SSO ticket under renew) is the responder's refusal.
        // renew travels in the query string beside TARGET, as Apereo CAS reads it: an SSO ticket is then refused.
        return registry.Validate(target, request.Artifact, IsTrue(context.Request.Query["renew"])) switch
        {
            DevCasValidationSuccess success => DevCasSaml.Success(success.Ticket, target!, request.RequestId, time.GetUtcNow()),
            DevCasValidationFailure { Code: "INVALID_REQUEST" } => DevCasSaml.Failure(
                requesterError: true, "INVALID_REQUEST: the TARGET parameter (the service URL) is required.",
                target, request.RequestId, time.GetUtcNow()),
            DevCasValidationFailure failure => DevCasSaml.Failure(
                requesterError: false, $"{failure.Code}: {failure.Description}", target, request.RequestId, time.GetUtcNow()),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>
    /// <c>GET /sample-service?ticket=PT-…</c>: a tiny CAS-protected service to try proxying against. It validates the
    /// ticket over HTTP at this server's /p3/proxyValidate, like any service would, with its own URL as the service.
    /// It accepts any proxy chain; a real service must check the chain against an allow-list.
    /// </summary>
    public async Task<IResult> SampleService(HttpContext context, DevCasBackChannel backChannel)
    {
        var request = context.Request;
        // Built from the request (development only): the service must reach this very server.
        var self = $"{request.Scheme}://{request.Host}{BasePath(context)}";
        var service = self + "/sample-service";
        var ticket = Single(request.Query["ticket"]);
        if (string.IsNullOrEmpty(ticket))
        {
            return Results.Text("INVALID_REQUEST: the ticket parameter is required.\n", "text/plain; charset=utf-8",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        var validation = $"{self}/p3/proxyValidate?service={Uri.EscapeDataString(service)}&ticket={Uri.EscapeDataString(ticket)}&format=JSON";
        string? user = null, firstProxy = null, code = null;
        try
        {
            using var response = await backChannel.Client().GetAsync(validation, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            // A larger answer fails the buffering with an HttpRequestException: a 502 below.
            await response.Content.LoadIntoBufferAsync(64 * 1024, context.RequestAborted);
            var body = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
            if (response.IsSuccessStatusCode)
            {
                using var document = JsonDocument.Parse(body);
                var answer = document.RootElement.GetProperty("serviceResponse");
                if (answer.TryGetProperty("authenticationSuccess", out var success))
                {
                    user = success.GetProperty("user").GetString();
                    firstProxy = success.TryGetProperty("proxies", out var proxies) && proxies.GetArrayLength() > 0
                        ? proxies[0].GetString()
                        : null;
                }
                else if (answer.TryGetProperty("authenticationFailure", out var failure))
                {
                    code = failure.GetProperty("code").GetString();
                }
            }
        }
        catch (Exception failed) when (failed is HttpRequestException or OperationCanceledException or JsonException
                                           or KeyNotFoundException or InvalidOperationException)
        {
            // Unreachable, timed out or not the expected JSON: answered below as a 502.
            user = null;
            code = null;
        }

        if (string.IsNullOrEmpty(user))
        {
            return code is null
                ? Results.Text("The CAS server could not be asked or gave an unusable answer.\n", "text/plain; charset=utf-8",
                    statusCode: StatusCodes.Status502BadGateway)
                : Results.Text($"{code}\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
        }

        return Results.Text(
            firstProxy is null
                ? $"Hello, {user}! (validated a service ticket, no proxy)\n"
                : $"Hello, {user}! (validated proxy ticket via {firstProxy})\n",
            "text/plain; charset=utf-8");
    }

    private static async Task<IResult> ValidateAsync(
        HttpContext context, DevCasTicketRegistry registry, DevCasBackChannel backChannel, IOptionsMonitor<DevCasOptions> options,
        bool acceptProxyTickets, bool cas3)
    {
        var query = context.Request.Query;
        var result = registry.Validate(
            Single(query["service"]), Single(query["ticket"]), IsTrue(query["renew"]), acceptProxyTickets);
        var pgtUrl = query["pgtUrl"];
        if (result is DevCasValidationSuccess success && !StringValues.IsNullOrEmpty(pgtUrl))
        {
            result = await ProxyGrantingTicketAsync(context, registry, backChannel, options.CurrentValue, success, Single(pgtUrl));
        }

        if (!cas3)
        {
            return DevCasResponses.Cas2(result);
        }

        return string.Equals(Single(query["format"]), "JSON", StringComparison.OrdinalIgnoreCase)
            ? DevCasResponses.Cas3Json(result)
            : DevCasResponses.Cas3(result);
    }

    // The spec: before answering, create a PGT and its IOU, deliver both to the callback, and name the IOU in the
    // answer only when the callback answered 2xx; a failing callback leaves a successful validation without a PGT.
    private static async Task<DevCasValidationResult> ProxyGrantingTicketAsync(
        HttpContext context, DevCasTicketRegistry registry, DevCasBackChannel backChannel, DevCasOptions settings,
        DevCasValidationSuccess success, string? callbackUrl)
    {
        if (callbackUrl is null || !IsAcceptableCallback(callbackUrl, settings))
        {
            return new DevCasValidationFailure("INVALID_PROXY_CALLBACK", settings.AllowHttpProxyCallbacks
                ? "The pgtUrl must be one absolute http(s) URL without fragment."
                : "The pgtUrl must be one absolute https URL without fragment (http is accepted only with DevCas:AllowHttpProxyCallbacks).");
        }

        if (registry.CreateProxyGrantingTicket(success.Ticket, callbackUrl) is not { } pgt)
        {
            return success;
        }

        if (!await backChannel.DeliverProxyGrantingTicketAsync(callbackUrl, pgt, context.RequestAborted))
        {
            registry.RemoveProxyGrantingTicket(pgt.Id);
            return success;
        }

        return success with { ProxyGrantingTicketIou = pgt.Iou };
    }

    private static bool IsAcceptableCallback(string url, DevCasOptions settings) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttps || (settings.AllowHttpProxyCallbacks && uri.Scheme == Uri.UriSchemeHttp)) &&
        !url.Any(c => c == '#' || char.IsWhiteSpace(c) || char.IsControl(c));

    // A ticket is handed back by a redirect with ?ticket=, or with method=POST by a page posting it to the service.
    private static IResult HandBack(string service, string ticket, bool postTicket) =>
        postTicket ? DevCasPages.PostTicket(service, ticket) : Results.Redirect(WithTicket(service, ticket));

    /// <summary>The request body, or null as soon as it grows past <paramref name="cap"/> (read no further).</summary>
    private static async Task<byte[]?> ReadCappedAsync(HttpRequest request, int cap, CancellationToken cancellationToken)
    {
        if (request.ContentLength > cap)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > cap)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>/login's answer to a missing service, or to one that may not use this server: a page, not a redirect.</summary>
    private static bool IsRefusedService(
        [NotNullWhen(false)] string? service, DevCasOptions settings, [NotNullWhen(true)] out IResult? refusal)
    {
        refusal = string.IsNullOrEmpty(service) ? DevCasPages.ServiceMissing()
            : !IsAllowedService(service, settings) ? DevCasPages.ServiceNotAllowed(service)
            : null;
        return refusal is not null;
    }

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

    private static bool IsPost(StringValues values) =>
        string.Equals(Single(values), "POST", StringComparison.OrdinalIgnoreCase);

    private static bool IsTrue(StringValues values) =>
        string.Equals(Single(values), "true", StringComparison.OrdinalIgnoreCase);
}
