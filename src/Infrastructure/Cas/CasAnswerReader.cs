namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// Which parser reads a validation answer: the one of the configured protocol. CAS 3.0 servers that ignore
/// <c>format=JSON</c> (or send JSON unasked) are read in the format they used: the first meaningful character decides
/// ('&lt;' XML, '{' or '[' JSON), the Content-Type only when that character says neither.
/// </summary>
internal static class CasAnswerReader
{
    public static CasValidationResult Read(CasOptions options, string body, string? mediaType, DateTimeOffset now) =>
        options.ProtocolVersion switch
        {
            CasProtocol.V1 => Cas1ResponseParser.Parse(body),
            CasProtocol.V2 => CasServiceResponseParser.Parse(body),
            CasProtocol.Saml11 => Saml11ResponseParser.Parse(body, now, options.SamlClockSkew),
            _ => IsJson(body, mediaType, options.ResponseFormat)
                ? CasJsonResponseParser.Parse(body)
                : CasServiceResponseParser.Parse(body),
        };

    public static bool IsJson(string body, string? mediaType, CasResponseFormat asked)
    {
        var start = CasAnswerBody.Start(body);
        if (start.Length > 0 && start[0] == '<')
        {
            return false;
        }

        if (CasAnswerBody.LooksLikeJson(start))
        {
            return true;
        }

        // Neither: let the parser the server's Content-Type names say what is wrong with the body.
        if (mediaType is { Length: > 0 })
        {
            return mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase);
        }

        return asked == CasResponseFormat.Json;
    }
}
