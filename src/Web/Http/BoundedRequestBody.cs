using System.Text;

namespace CasPortal.Web.Http;

public static class BoundedRequestBody
{
    /// <summary>
    /// The request body as UTF-8 text, or null when it is larger than <paramref name="maxBytes"/> (read no further)
    /// or not valid UTF-8. Used where unauthenticated servers post to us, so nothing unbounded is ever buffered.
    /// </summary>
    public static async Task<string?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        var buffer = new byte[maxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length
            && (read = await request.Body.ReadAsync(buffer.AsMemory(length, buffer.Length - length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > maxBytes)
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
