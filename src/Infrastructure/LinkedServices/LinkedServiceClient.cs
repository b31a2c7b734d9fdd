using System.Text;

namespace CasPortal.Infrastructure.LinkedServices;

/// <summary>
/// Calls a linked service with a proxy ticket: one GET, no redirects followed, bounded in time and size, never retried
/// (the ticket is single use). The ticket is percent-encoded into the query and never logged.
/// The HTTP client is made per call rather than injected, so that the profile page, which asks for this service on
/// every view, pays for one only when a linked service is configured.
/// </summary>
internal sealed class LinkedServiceClient(IHttpClientFactory httpClients) : ILinkedServiceClient
{
    public const string HttpClientName = "LinkedServices";
    public const int MaxAnswerChars = 4096;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task<LinkedServiceAnswer> CallAsync(string serviceUrl, string proxyTicket, CancellationToken cancellationToken)
    {
        var separator = serviceUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var url = $"{serviceUrl}{separator}ticket={Uri.EscapeDataString(proxyTicket)}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var text = await ReadCappedAsync(response, timeout.Token);
            return response.IsSuccessStatusCode
                ? new LinkedServiceAnswer(text, null)
                : new LinkedServiceAnswer(null, $"The service answered HTTP {(int)response.StatusCode}: {text.Trim()}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new LinkedServiceAnswer(null, $"The service did not answer within {Timeout.TotalSeconds:0} seconds.");
        }
        catch (HttpRequestException ex)
        {
            return new LinkedServiceAnswer(null, $"The service could not be reached ({ex.HttpRequestError}).");
        }
    }

    private static async Task<string> ReadCappedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(body, Encoding.UTF8);
        var buffer = new char[MaxAnswerChars];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        return new string(buffer, 0, read);
    }
}
