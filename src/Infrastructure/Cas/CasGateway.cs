using CasPortal.Application.Common.Logging;
using System.Diagnostics;
using System.Text;
using CasPortal.Application.Common.Telemetry;
using CasPortal.Infrastructure.Http;

namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// The CAS back channel, as a typed <see cref="HttpClient"/> (see <see cref="CasServiceCollectionExtensions"/>), for
/// CAS 1.0, 2.0, 3.0 (XML and JSON) and SAML 1.1 as configured. One request per ticket, never retried (tickets are
/// single use), bounded in time (Cas:ValidationTimeout, headers and body) and in size (Cas:MaxResponseBytes). Every
/// outcome a server or network can cause is a result, not an exception; only the caller's own cancellation is thrown.
/// Tickets and proxy-granting tickets never reach a log line or a reason; their hash prefixes do.
/// </summary>
/// <param name="time">The clock of the validation timeout and of a SAML 1.1 assertion's validity window.</param>
/// <param name="metrics">Validation latency and back-channel errors; each request also gets a span with its outcome.</param>
public sealed class CasGateway(
    HttpClient httpClient,
    IOptions<CasOptions> options,
    TimeProvider time,
    ILogger<CasGateway> logger,
    PortalMetrics metrics) : ICasGateway
{
    private const string ValidateOperation = "validate";
    private const string ProxyOperation = "proxy";

    private readonly CasOptions _options = options.Value;

    public Uri BuildLoginUrl(CasLoginRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.ServiceUrl, nameof(request));
        if (request.GatewayAttempt && (_options.Renew || request.Renew))
        {
            throw new InvalidOperationException("A gateway login cannot be combined with renew (Cas:Renew, or a sign-in that must be fresh): renew forces the login form, gateway forbids it.");
        }

        return new(CasUrlBuilder.Login(_options, request.ServiceUrl, request.GatewayAttempt, request.Renew));
    }

    public Uri BuildLogoutUrl(string serviceUrl)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceUrl);
        return new(CasUrlBuilder.Logout(_options, serviceUrl));
    }

    public Task<CasValidationResult> ValidateServiceTicketAsync(string ticket, string serviceUrl, CancellationToken cancellationToken) =>
        ValidateServiceTicketAsync(ticket, serviceUrl, renew: false, cancellationToken);

    public async Task<CasValidationResult> ValidateServiceTicketAsync(
        string ticket, string serviceUrl, bool renew, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ticket);
        ArgumentException.ThrowIfNullOrEmpty(serviceUrl);

        using var request = ValidationRequest(ticket, serviceUrl, renew);
        var ticketHash = TicketHash.Short(TicketHash.Of(ticket));
        using var span = StartSpan(PortalTelemetry.Spans.ValidateTicket);
        var started = Stopwatch.GetTimestamp();
        CasGatewayLog.Validating(logger, ticketHash, LogText.Escape(serviceUrl));

        var exchange = await ExchangeAsync(
            request, ticket, span, started, elapsedMs => CasGatewayLog.Cancelled(logger, ticketHash, elapsedMs), cancellationToken);

        switch (exchange.Failure)
        {
            case { Code: CasFailureCodes.Timeout } timedOut:
                CasGatewayLog.TimedOut(logger, ticketHash, (long)_options.ValidationTimeout.TotalMilliseconds);
                Observe(span, ValidateOperation, timedOut, started);
                return CasValidationResult.Failed(timedOut);
            case { Code: CasFailureCodes.Unreachable } unreachable:
                CasGatewayLog.Unreachable(logger, ticketHash, exchange.TransportError!, LogText.Escape(exchange.TransportDetail), ElapsedMs(started));
                Observe(span, ValidateOperation, unreachable, started);
                return CasValidationResult.Failed(unreachable);
        }

        var result = exchange.Failure is { } failure
            ? CasValidationResult.Failed(failure)
            : CasAssertionRules.Apply(CasAnswerReader.Read(_options, exchange.Body!, exchange.MediaType, time.GetUtcNow()), _options);
        LogOutcome(result, ticketHash, ElapsedMs(started));
        Observe(span, ValidateOperation, result.Failure, started);
        return result;
    }

    public async Task<ProxyTicketResult> RequestProxyTicketAsync(string proxyGrantingTicket, string targetService, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proxyGrantingTicket);
        if (!Tickets.ProxyGrantingTicket().IsMatch(proxyGrantingTicket))
        {
            throw new ArgumentException("Expected a proxy-granting ticket (PGT-…).", nameof(proxyGrantingTicket));
        }

        ArgumentException.ThrowIfNullOrEmpty(targetService);
        if (_options.ProtocolVersion is not (CasProtocol.V2 or CasProtocol.V3))
        {
            throw new InvalidOperationException("Proxy tickets need Cas:ProtocolVersion 2 or 3.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(CasUrlBuilder.Proxy(_options, proxyGrantingTicket, targetService)));
        var pgtHash = TicketHash.Short(TicketHash.Of(proxyGrantingTicket));
        using var span = StartSpan(PortalTelemetry.Spans.RequestProxyTicket);
        span?.SetTag(PortalTelemetry.Attributes.TargetHost, Uri.TryCreate(targetService, UriKind.Absolute, out var target) ? target.Host : null);
        var started = Stopwatch.GetTimestamp();
        CasGatewayLog.ProxyTicketRequesting(logger, pgtHash, targetService);

        var exchange = await ExchangeAsync(
            request, proxyGrantingTicket, span, started, elapsedMs => CasGatewayLog.ProxyTicketCancelled(logger, pgtHash, elapsedMs), cancellationToken);

        var result = exchange.Failure is { } failure ? ProxyTicketResult.Failed(failure) : CasProxyResponseParser.Parse(exchange.Body!);
        Observe(span, ProxyOperation, result.Failure, started);
        var elapsedMs = ElapsedMs(started);
        if (result.ProxyTicket is { } proxyTicket)
        {
            CasGatewayLog.ProxyTicketIssued(logger, TicketHash.Short(TicketHash.Of(proxyTicket)), pgtHash, targetService, elapsedMs);
        }
        else if (result.Failure is { Kind: CasFailureKind.TicketRejected } refused)
        {
            CasGatewayLog.ProxyTicketRefused(logger, pgtHash, targetService, LogText.Escape(refused.Code), LogText.Escape(refused.Reason), elapsedMs);
        }
        else if (result.Failure is { } failed)
        {
            var reason = exchange.TransportDetail is { } detail ? $"{failed.Reason} ({exchange.TransportError}: {detail})" : failed.Reason;
            CasGatewayLog.ProxyTicketFailed(logger, pgtHash, targetService, LogText.Escape(failed.Code), LogText.Escape(reason), elapsedMs);
        }

        return result;
    }

    /// <summary>GET validate / serviceValidate / proxyValidate, or the SAML 1.1 POST with the ticket in its body.</summary>
    private HttpRequestMessage ValidationRequest(string ticket, string serviceUrl, bool renew)
    {
        if (_options.ProtocolVersion != CasProtocol.Saml11)
        {
            return new HttpRequestMessage(HttpMethod.Get, new Uri(CasUrlBuilder.Validation(_options, serviceUrl, ticket, renew)));
        }

        var body = Saml11RequestWriter.Write(ticket, Saml11RequestWriter.NewRequestId(), time.GetUtcNow());
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(CasUrlBuilder.SamlValidate(_options, serviceUrl, renew)))
        {
            Content = new StringContent(body, Encoding.UTF8, "text/xml"),
        };
        request.Headers.Add("SOAPAction", Saml11.SoapAction);
        return request;
    }

    /// <summary>
    /// <see cref="ExchangeAsync(HttpRequestMessage, string, CancellationToken)"/>; when the caller cancels, logs it with
    /// the time since <paramref name="started"/> and marks the span before the cancellation goes on up.
    /// </summary>
    private async Task<Exchange> ExchangeAsync(
        HttpRequestMessage request, string secret, Activity? span, long started, Action<long> logCancelled, CancellationToken cancellationToken)
    {
        try
        {
            return await ExchangeAsync(request, secret, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logCancelled(ElapsedMs(started));
            span?.SetTag(PortalTelemetry.Attributes.Outcome, "cancelled");
            throw;
        }
    }

    /// <summary>
    /// Sends once and reads the answer within the timeout and the size cap. Transport faults become failures;
    /// <paramref name="secret"/> (the ticket or PGT) is cut out of every detail kept for the log.
    /// </summary>
    /// <exception cref="OperationCanceledException">The caller cancelled; carries the caller's token.</exception>
    private async Task<Exchange> ExchangeAsync(HttpRequestMessage request, string secret, CancellationToken cancellationToken)
    {
        // On the injected clock, as every time in the portal: tests move a fake clock past the timeout instead of waiting.
        using var timeout = new CancellationTokenSource(_options.ValidationTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await SendAsync(request, linked.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The caller cancelled the CAS request.", ex, cancellationToken);
            }

            if (timeout.IsCancellationRequested || ex is OperationCanceledException)
            {
                return new Exchange(Failure: new CasFailure(
                    CasFailureKind.Timeout,
                    CasFailureCodes.Timeout,
                    $"The CAS server did not answer within {_options.ValidationTimeout.TotalSeconds:0.###} seconds."));
            }

            var error = (ex as HttpRequestException)?.HttpRequestError ?? HttpRequestError.Unknown;
            return new Exchange(
                Failure: new CasFailure(
                    CasFailureKind.ServerError,
                    CasFailureCodes.Unreachable,
                    $"No answer could be read from the CAS server: {Describe(ex, error)}."),
                TransportError: error.ToString(),
                TransportDetail: SafeDetail(ex, secret));
        }
    }

    private async Task<Exchange> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            return new Exchange(Failure: new CasFailure(
                CasFailureKind.ServerError,
                CasFailureCodes.HttpStatus,
                status is >= 300 and < 400
                    ? $"The CAS server answered HTTP {status}, a redirect, which the portal does not follow."
                    : $"The CAS server answered HTTP {status}."));
        }

        var maxBytes = _options.MaxResponseBytes;
        var body = response.Content.Headers.ContentLength > maxBytes
            ? null
            : await ReadCappedAsync(response.Content, maxBytes, cancellationToken);
        if (body is null)
        {
            return new Exchange(Failure: new CasFailure(
                CasFailureKind.ServerError,
                CasFailureCodes.TooLarge,
                $"The CAS server's answer is larger than the {maxBytes}-byte limit (Cas:MaxResponseBytes)."));
        }

        return new Exchange(body, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The body as text, or null as soon as it grows past <paramref name="maxBytes"/>.</summary>
    private static async Task<string?> ReadCappedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var body = await BoundedRead.ToArrayAsync(stream, maxBytes, cancellationToken);
        if (body is null)
        {
            return null;
        }

        using var reader = new StreamReader(new MemoryStream(body), EncodingOf(content), detectEncodingFromByteOrderMarks: true);
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
            if (assertion.Proxies is { Count: > 0 } proxies && _options.AcceptAnyProxy)
            {
                CasGatewayLog.AnyProxyAccepted(logger, ticketHash, LogText.Escape(string.Join(" ", proxies)));
            }

            CasGatewayLog.Validated(logger, ticketHash, LogText.Escape(assertion.Username), assertion.Attributes.Count, elapsedMs);
        }
        else if (result.Failure is { Kind: CasFailureKind.TicketRejected } rejected)
        {
            CasGatewayLog.TicketRejected(logger, ticketHash, LogText.Escape(rejected.Code), LogText.Escape(rejected.Reason), elapsedMs);
        }
        else if (result.Failure is { } failure)
        {
            CasGatewayLog.AnswerUnusable(logger, ticketHash, LogText.Escape(failure.Code), LogText.Escape(failure.Reason), elapsedMs);
        }
    }

    /// <summary>A span named after the request, tagged with the CAS server and protocol; null when nobody listens.</summary>
    private Activity? StartSpan(string name)
    {
        var span = PortalTelemetry.ActivitySource.StartActivity(name);
        if (span is { IsAllDataRequested: true } && Uri.TryCreate(_options.ServerUrl, UriKind.Absolute, out var server))
        {
            span.SetTag(PortalTelemetry.Attributes.ServerAddress, server.Host);
            span.SetTag(PortalTelemetry.Attributes.ServerPort, server.Port);
            span.SetTag(PortalTelemetry.Attributes.ProtocolVersion, PortalMetrics.ProtocolLabel(_options.ProtocolVersion));
        }

        return span;
    }

    /// <summary>
    /// The outcome on the span and in the metrics: a refusal is the CAS server's answer, the other failures are
    /// back-channel errors. Only codes and labels, never the ticket.
    /// </summary>
    private void Observe(Activity? span, string operation, CasFailure? failure, long started)
    {
        var outcome = failure?.Kind switch
        {
            null => PortalMetrics.CasOutcomes.Success,
            CasFailureKind.TicketRejected => PortalMetrics.CasOutcomes.Rejected,
            CasFailureKind.Timeout => PortalMetrics.CasOutcomes.Timeout,
            _ => PortalMetrics.CasOutcomes.Error,
        };
        if (span is not null)
        {
            span.SetTag(PortalTelemetry.Attributes.Outcome, outcome);
            if (failure is not null)
            {
                span.SetTag(PortalTelemetry.Attributes.ErrorType, PortalMetrics.CodeLabel(failure.Code));
            }

            if (failure is { Kind: not CasFailureKind.TicketRejected })
            {
                span.SetStatus(ActivityStatusCode.Error, failure.Code);
            }
        }

        if (failure is { Kind: not CasFailureKind.TicketRejected })
        {
            metrics.BackChannelFailed(operation, failure.Code);
        }

        if (operation == ValidateOperation)
        {
            metrics.TicketValidated(_options.ProtocolVersion, outcome, Stopwatch.GetElapsedTime(started));
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

    /// <summary>Exception messages for the log, with the secret (raw, encoded or ticket-looking) cut out.</summary>
    private static string SafeDetail(Exception ex, string secret)
    {
        var messages = new List<string>();
        for (var current = ex; current is not null && messages.Count < 4; current = current.InnerException)
        {
            messages.Add($"{current.GetType().Name}: {current.Message}");
        }

        var detail = string.Join(" ---> ", messages)
            .Replace(secret, "[ticket]", StringComparison.Ordinal)
            .Replace(Uri.EscapeDataString(secret), "[ticket]", StringComparison.Ordinal);
        return ServerText.RedactTickets(detail);
    }

    private static long ElapsedMs(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    /// <summary>What one request brought: a body (with its media type), or a failure and, for transport faults, details for the log.</summary>
    private sealed record Exchange(
        string? Body = null,
        string? MediaType = null,
        CasFailure? Failure = null,
        string? TransportError = null,
        string? TransportDetail = null);
}
