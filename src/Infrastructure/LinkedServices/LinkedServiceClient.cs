using System.Text;

namespace CasPortal.Infrastructure.LinkedServices;

/// <summary>
/// Calls a linked service with a proxy ticket: one GET, no redirects followed, bounded in time and size, never retried
/// (the ticket is single use). The ticket is percent-encoded into the query and never logged.
/// </summary>
internal sealed class LinkedServiceClient(HttpClient httpClient) : ILinkedServiceClient
{
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
            using var response = await httpClient.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
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
