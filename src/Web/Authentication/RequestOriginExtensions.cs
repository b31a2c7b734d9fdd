using CasPortal.Application.Common.Models;

namespace CasPortal.Web.Authentication;

public static class RequestOriginExtensions
{
    public static RequestOrigin Origin(this HttpContext context) =>
        new(context.Connection.RemoteIpAddress?.ToString(), context.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null);
}
