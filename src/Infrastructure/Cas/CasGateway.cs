using System.Diagnostics;
using System.Text;
using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// The CAS 3.0 back channel, as a typed <see cref="HttpClient"/> (see <see cref="CasServiceCollectionExtensions"/>).
/// One GET per ticket, never retried (tickets are single use), bounded in time (Cas:ValidationTimeout, headers and
/// body) and in size (Cas:MaxResponseBytes). Every outcome a server or network can cause is a result, not an exception;
/// only the caller's own cancellation is thrown. Tickets never reach a log line or a reason.
/// </summary>
public sealed class CasGateway(HttpClient httpClient, IOptions<CasOptions> options, ILogger<CasGateway> logger) : ICasGateway
{
    private const int ReadChunkBytes = 16 * 1024;

    private readonly CasOptions _options = options.Value;

    private string ServerUrl => string.IsNullOrWhiteSpace(_options.ServerUrl)
        ? throw new InvalidOperationException("Cas:ServerUrl is not configured.")
        : _options.ServerUrl;

    public Uri BuildLoginUrl(string serviceUrl) => new(CasUrlBuilder.Login(ServerUrl, serviceUrl));

    public Uri BuildLogoutUrl(string serviceUrl) => new(CasUrlBuilder.Logout(ServerUrl, serviceUrl));

    public async Task<CasValidationResult> ValidateServiceTicketAsync(string ticket, string serviceUrl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ticket);
        ArgumentException.ThrowIfNullOrEmpty(serviceUrl);

        var url = new Uri(CasUrlBuilder.ServiceValidate(ServerUrl, serviceUrl, ticket));
        var ticketHash = TicketHash.Short(TicketHash.Of(ticket));
        var started = Stopwatch.GetTimestamp();
        CasGatewayLog.Validating(logger, ticketHash, serviceUrl);

        using var timeout = new CancellationTokenSource(_options.ValidationTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var result = await SendAsync(url, linked.Token);
            LogOutcome(result, ticketHash, ElapsedMs(started));
            return result;
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                CasGatewayLog.Cancelled(logger, ticketHash, ElapsedMs(started));
                throw new OperationCanceledException("The caller cancelled the CAS ticket validation.", ex, cancellationToken);
            }

            if (timeout.IsCancellationRequested || ex is OperationCanceledException)
            {
                CasGatewayLog.TimedOut(logger, ticketHash, (long)_options.ValidationTimeout.TotalMilliseconds);
                return CasValidationResult.Failed(
                    CasFailureKind.Timeout,
                    CasFailureCodes.Timeout,
                    $"The CAS server did not answer within {_options.ValidationTimeout.TotalSeconds:0.###} seconds.");
            }

            var error = (ex as HttpRequestException)?.HttpRequestError ?? HttpRequestError.Unknown;
            CasGatewayLog.Unreachable(logger, ticketHash, error.ToString(), SafeDetail(ex, ticket), ElapsedMs(started));
            return CasValidationResult.Failed(
                CasFailureKind.ServerError,
                CasFailureCodes.Unreachable,
                $"No answer could be read from the CAS server: {Describe(ex, error)}.");
        }
    }

    private async Task<CasValidationResult> SendAsync(Uri url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            return CasValidationResult.Failed(
                CasFailureKind.ServerError,
                CasFailureCodes.HttpStatus,
                status is >= 300 and < 400
                    ? $"The CAS server answered HTTP {status}, a redirect, which the portal does not follow."
                    : $"The CAS server answered HTTP {status}.");
        }

        var maxBytes = _options.MaxResponseBytes;
        var body = response.Content.Headers.ContentLength > maxBytes
            ? null
            : await ReadCappedAsync(response.Content, maxBytes, cancellationToken);
        if (body is null)
        {
            return CasValidationResult.Failed(
                CasFailureKind.ServerError,
                CasFailureCodes.TooLarge,
                $"The CAS server's answer is larger than the {maxBytes}-byte limit (Cas:MaxResponseBytes).");
        }

        return CasServiceResponseParser.Parse(body);
    }

    /// <summary>The body as text, or null as soon as it grows past <paramref name="maxBytes"/>.</summary>
    private static async Task<string?> ReadCappedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[ReadChunkBytes];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        using var reader = new StreamReader(buffer, EncodingOf(content), detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private static Encoding EncodingOf(HttpContent content)
    {
        var charset = content.Headers.ContentType?.CharSet?.Trim('"', ' ');
        if (string.IsNullOrEmpty(charset))
        {
            return Encoding.UTF8;
        }

        try
        {
            return Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }

    private void LogOutcome(CasValidationResult result, string ticketHash, long elapsedMs)
    {
        if (result.Assertion is { } assertion)
        {
            CasGatewayLog.Validated(logger, ticketHash, assertion.Username, assertion.Attributes.Count, elapsedMs);
        }
        else if (result.Failure is { Kind: CasFailureKind.TicketRejected } rejected)
        {
            CasGatewayLog.TicketRejected(logger, ticketHash, rejected.Code, rejected.Reason, elapsedMs);
        }
        else if (result.Failure is { } failure)
        {
            CasGatewayLog.AnswerUnusable(logger, ticketHash, failure.Code, failure.Reason, elapsedMs);
        }
    }

    private static string Describe(Exception ex, HttpRequestError error) => error switch
    {
        HttpRequestError.NameResolutionError => "its host name could not be resolved",
        HttpRequestError.ConnectionError => "the connection was refused or failed",
        HttpRequestError.SecureConnectionError => "the TLS connection could not be established (check the server's certificate)",
        HttpRequestError.ResponseEnded => "the connection closed before the answer was complete",
        HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError => "the server's HTTP answer was invalid",
        _ when ex is not HttpRequestException => "the connection broke while the answer was read",
        _ => "the request failed",
    };

    /// <summary>Exception messages for the log, with the ticket (raw, encoded or ticket-looking) cut out.</summary>
    private static string SafeDetail(Exception ex, string ticket)
    {
        var messages = new List<string>();
        for (var current = ex; current is not null && messages.Count < 4; current = current.InnerException)
        {
            messages.Add($"{current.GetType().Name}: {current.Message}");
        }

        var detail = string.Join(" ---> ", messages)
            .Replace(ticket, "[ticket]", StringComparison.Ordinal)
            .Replace(Uri.EscapeDataString(ticket), "[ticket]", StringComparison.Ordinal);
        return CasServiceResponseParser.RedactTickets(detail);
    }

    private static long ElapsedMs(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
