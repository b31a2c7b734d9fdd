using CasPortal.Application.Common.Interfaces;

namespace CasPortal.Web.Http;

/// <summary>The client's address (after the forwarded headers) and user agent, as sessions and audit records keep them.</summary>
public sealed record ClientOrigin(string? ClientIp, string? UserAgent)
{
    public static readonly ClientOrigin None = new(null, null);

    public static ClientOrigin Of(HttpContext context) =>
        new(context.Connection.RemoteIpAddress?.ToString(), context.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null);
}

/// <summary>
/// The request context of one scope: the HTTP request being handled, or none in a background job's scope (both
/// values null) unless the job acts for an earlier request.
/// </summary>
public sealed class HttpRequestContext(IHttpContextAccessor accessor) : IRequestContext
{
    private ClientOrigin? _origin;

    public string? ClientIp => Origin.ClientIp;
    public string? UserAgent => Origin.UserAgent;

    public string? Username =>
        accessor.HttpContext?.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : null;

    public string? SessionReference =>
        accessor.HttpContext?.User is { Identity.IsAuthenticated: true } user ? SessionPrincipal.SessionReferenceOf(user) : null;

    private ClientOrigin Origin => _origin ??= accessor.HttpContext is { } http ? ClientOrigin.Of(http) : ClientOrigin.None;

    /// <summary>Work finished later for an earlier request (a sign-out the database refused then) records that request's origin.</summary>
    public void ActFor(ClientOrigin origin) => _origin = origin;
}
