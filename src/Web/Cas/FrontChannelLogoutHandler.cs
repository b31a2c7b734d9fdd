using System.Text.RegularExpressions;
using CasPortal.Application.Sessions.SingleLogout;

namespace CasPortal.Web.Cas;

/// <summary>
/// GET /login?logoutRequest= (or the older SAMLRequest=): front-channel single logout, the CAS server sends the user's
/// browser here with the deflated request. Answered as JSONP when the CAS page asks for it with a callback name.
/// </summary>
public sealed partial class FrontChannelLogoutHandler(SingleLogoutSender singleLogout)
{
    /// <summary>The encoded request when the query carries one; null for any other GET.</summary>
    public static string? EncodedRequest(IQueryCollection query) =>
        query["logoutRequest"].ToString() is { Length: > 0 } encoded ? encoded
        : query["SAMLRequest"].ToString() is { Length: > 0 } saml ? saml
        : null;

    public async Task<IResult> HandleAsync(HttpContext context, string encoded, CancellationToken cancellationToken)
    {
        var outcome = await singleLogout.SendAsync(context, encoded, SingleLogoutChannel.FrontChannel, cancellationToken);
        if (outcome != SingleLogoutOutcome.Accepted)
        {
            return outcome == SingleLogoutOutcome.ChannelDisabled
                ? Results.StatusCode(StatusCodes.Status403Forbidden)
                : Results.BadRequest();
        }

        var callback = context.Request.Query["callback"].ToString();
        return JsonpCallback().IsMatch(callback)
            ? Results.Content($"{callback}({{\"status\":\"ok\"}});", "application/javascript")
            : Results.LocalRedirect("/logout-callback");
    }

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$.]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonpCallback();
}
