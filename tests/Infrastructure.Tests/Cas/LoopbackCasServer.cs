using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CasPortal.Infrastructure.Tests.Cas;

/// <summary>
/// A CAS server on a loopback socket that answers one connection per canned raw HTTP response and records each request
/// head as it arrived on the wire. Proves what a real SocketsHttpHandler sends, which a fake handler cannot.
/// </summary>
internal sealed class LoopbackCasServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _requestHeads = [];
    private readonly Task _serving;

    public LoopbackCasServer(params string[] rawResponses)
    {
        _listener.Start();
        _serving = ServeAsync(rawResponses);
    }

    public string ServerUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/cas";

    public IReadOnlyList<string> RequestHeads
    {
        get
        {
            lock (_requestHeads)
            {
                return [.. _requestHeads];
            }
        }
    }

    public static string Response(string statusLine, string body, params string[] headers) =>
        $"HTTP/1.1 {statusLine}\r\n"
        + string.Concat(headers.Select(header => header + "\r\n"))
        + $"Content-Type: text/xml; charset=utf-8\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n"
        + body;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync(string[] rawResponses)
    {
        foreach (var response in rawResponses)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = client.GetStream();
            var head = await ReadHeadAsync(stream, _stop.Token);
            lock (_requestHeads)
            {
                _requestHeads.Add(head);
            }

            await stream.WriteAsync(Encoding.UTF8.GetBytes(response), _stop.Token);
            await stream.FlushAsync(_stop.Token);
        }
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal)
            && await stream.ReadAsync(buffer, cancellationToken) == 1)
        {
            head.Append((char)buffer[0]);
        }

        return head.ToString();
    }
}
