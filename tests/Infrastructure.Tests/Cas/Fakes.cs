using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CasPortal.Infrastructure.Tests.Cas;

/// <summary>One request as the fake CAS server received it.</summary>
internal sealed record RecordedRequest(string Method, string Url, string? ContentType, string? Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>Stands in for the CAS server: records every request (URL exactly as it would go on the wire, method, body).</summary>
internal sealed class FakeCasHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<string> RequestedUrls => [.. Requests.Select(request => request.Url)];

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

    public static FakeCasHandler Answering(HttpStatusCode status, string body, string mediaType = "application/xml") =>
        new((_, _) => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) }));

    public static FakeCasHandler Answering(Func<HttpContent> content) =>
        new((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content() }));

    /// <summary>A 200 answer whose Content-Type header is exactly <paramref name="contentType"/>, or absent when null.</summary>
    public static FakeCasHandler AnsweringWithContentType(string body, string? contentType) =>
        Answering(() =>
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            return content;
        });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(header => header.Key, header => string.Join(", ", header.Value));
        lock (_requests)
        {
            _requests.Add(new RecordedRequest(
                request.Method.Method,
                request.RequestUri!.AbsoluteUri,
                request.Content?.Headers.ContentType?.ToString(),
                body,
                headers));
        }

        return await respond(request, cancellationToken);
    }
}

/// <summary>A response body that cannot seek (so it has no Content-Length) and counts what was read from it.</summary>
internal sealed class TrickleStream(byte[] data, bool endless = false) : Stream
{
    private long _position;

    public long BytesRead => _position;

    public int ReadCalls { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ReadCalls++;
        var n = 0;
        while (n < count && (endless || _position < data.Length))
        {
            buffer[offset + n++] = data[_position++ % data.Length];
        }

        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A body whose headers arrived but whose bytes never come; only cancellation ends the read.</summary>
internal sealed class StallingStream : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

internal sealed record LogEntry(LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> State, Exception? Exception)
{
    /// <summary>Everything a log sink could write: the message, every structured value, the exception.</summary>
    public string AllText =>
        string.Join("\n", [Message, .. State.Select(pair => $"{pair.Key}={pair.Value}"), Exception?.ToString() ?? string.Empty]);
}

internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<LogEntry> _entries = [];

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        lock (_entries)
        {
            _entries.Add(new LogEntry(logLevel, eventId, formatter(state, exception), [.. values], exception));
        }
    }
}

internal static class FakeClock
{
    /// <summary>
    /// Moves <paramref name="clock"/> past <paramref name="timeout"/> until <paramref name="pending"/> finishes: the
    /// call under test may arm its timer only after a hop, so one move might come too early.
    /// </summary>
    public static async Task<T> AdvancePastAsync<T>(this FakeTimeProvider clock, TimeSpan timeout, Task<T> pending)
    {
        for (var moves = 0; moves < 100 && !pending.IsCompleted; moves++)
        {
            clock.Advance(timeout);
            await Task.Yield();
        }

        return await pending;
    }
}
