using System.Text;
using CasPortal.Application.Sessions.SingleLogout;
using Microsoft.AspNetCore.Http.Features;

namespace CasPortal.Web.Cas;

/// <summary>
/// POST /login from the CAS server: a SAML LogoutRequest as the form field logoutRequest or as the raw body, larger than
/// Cas:SingleLogout:MaxRequestBytes refused (413) unread.
/// </summary>
public sealed class BackChannelLogoutHandler(SingleLogoutSender singleLogout, IOptions<SingleLogoutOptions> options)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="form">The posted form, already read within the endpoint's limits; null for a raw body.</param>
    public async Task<IResult> HandleAsync(HttpContext context, IFormCollection? form, CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.MaxRequestBytes;
        var logoutRequest = form is not null
            ? form["logoutRequest"].ToString()
            : await ReadBodyAsync(context, maxBytes, cancellationToken);
        if (logoutRequest is null || logoutRequest.Length > maxBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        if (string.IsNullOrWhiteSpace(logoutRequest))
        {
            return Results.BadRequest();
        }

        var outcome = await singleLogout.SendAsync(context, logoutRequest, SingleLogoutChannel.BackChannel, cancellationToken);
        return outcome switch
        {
            SingleLogoutOutcome.Accepted => Results.Text("OK", "text/plain"),
            SingleLogoutOutcome.SourceNotAllowed => Results.StatusCode(StatusCodes.Status403Forbidden),
            _ => Results.BadRequest(),
        };
    }

    /// <summary>
    /// The body as UTF-8 text, or null when it is larger than <paramref name="maxBytes"/> or not UTF-8. The server
    /// enforces the cap while reading (its request body limit), so nothing larger is ever buffered.
    /// </summary>
    private static async Task<string?> ReadBodyAsync(HttpContext context, int maxBytes, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = maxBytes;
        }

        try
        {
            using var reader = new StreamReader(context.Request.Body, StrictUtf8, detectEncodingFromByteOrderMarks: false);
            return await reader.ReadToEndAsync(cancellationToken);
        }
        catch (Exception refused) when (refused is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } or DecoderFallbackException)
        {
            return null;
        }
    }
}
