using System.Net;

namespace CasPortal.DevCas.Tests;

/// <summary>An outbound request of the server, as the fake network saw it.</summary>
internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? ContentType, string Body);

/// <summary>
/// The primary handler of the server's "DevCas" HttpClient in tests: records every request and answers it with
/// <see cref="Responder"/> (200 by default), except requests to the TestServer itself ("localhost"), which go to
/// <see cref="Loopback"/>. Nothing leaves the process.
/// </summary>
internal sealed class OutboundHandler : HttpMessageHandler
{
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    public HttpMessageInvoker? Loopback { get; set; }

    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Responder { get; set; } =
        (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));

    /// <summary>Every request except loopback ones, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> requests have arrived.</summary>
    public Task WhenReceived(int count)
    {
        lock (_requests)
        {
            if (_requests.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri!.Host == "localhost" && Loopback is not null)
        {
            return await Loopback.SendAsync(request, cancellationToken);
        }

        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_requests)
        {
            _requests.Add(new RecordedRequest(request.Method, request.RequestUri, request.Content?.Headers.ContentType?.MediaType, body));
            foreach (var waiter in _waiters.Where(w => _requests.Count >= w.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }

        return await Responder(request, cancellationToken);
    }
}
