using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using Microsoft.Extensions.Logging;

namespace CasPortal.DevCas;

/// <summary>
/// The server's own outbound calls, through the "DevCas" named HttpClient: delivering proxy-granting tickets to
/// proxy callbacks and announcing single logout to services. Logs never contain ticket values.
/// </summary>
internal sealed partial class DevCasBackChannel(
    IHttpClientFactory clients, TimeProvider time, ILogger<DevCasBackChannel> logger)
{
    /// <summary>The name of the HttpClient registered by AddDevCas (5 s timeout, no redirects followed).</summary>
    public const string HttpClientName = "DevCas";

    /// <summary>All single logout requests of one logout together get this long.</summary>
    public static readonly TimeSpan SingleLogoutTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The "DevCas" client; answers of callbacks and logout requests are only looked at for their status.</summary>
    public HttpClient Client() => clients.CreateClient(HttpClientName);

    /// <summary>
    /// The spec's delivery of a proxy-granting ticket: <c>GET {pgtUrl}?pgtIou=…&amp;pgtId=…</c>; true only when the
    /// callback answers 2xx. Redirects are not followed (the callback itself must answer).
    /// </summary>
    public async Task<bool> DeliverProxyGrantingTicketAsync(
        string callbackUrl, DevCasProxyGrantingTicket pgt, CancellationToken cancellationToken)
    {
        var url = $"{callbackUrl}{(callbackUrl.Contains('?') ? '&' : '?')}" +
                  $"pgtIou={Uri.EscapeDataString(pgt.Iou)}&pgtId={Uri.EscapeDataString(pgt.Id)}";
        // Whatever the reason a delivery fails (refused, timed out, bad URL): no PGT, as the spec says.
        return await DeliverAsync(
            Client(), () => new HttpRequestMessage(HttpMethod.Get, url), "proxy-granting ticket", callbackUrl, cancellationToken);
    }

    /// <summary>
    /// Back-channel single logout: one POST per (service, ticket), all at once, together given
    /// <see cref="SingleLogoutTimeout"/>; failures are logged and otherwise ignored.
    /// </summary>
    public async Task SendLogoutRequestsAsync(IReadOnlyList<DevCasIssuedTicket> tickets)
    {
        if (tickets.Count == 0)
        {
            return;
        }

        // Not tied to the browser's request: a user closing the tab must not cut the notifications short. The
        // client's own 5 s timeout bounds each request in real time as well.
        using var timeout = new CancellationTokenSource(SingleLogoutTimeout, time);
        var client = Client();
        // One failing service must not stop the logout nor the other notifications.
        await Task.WhenAll(tickets.Select(ticket => DeliverAsync(
            client, () => LogoutRequestMessage(ticket), "single logout request", ticket.Service, timeout.Token)));
    }

    /// <summary>
    /// The SAML 2.0 LogoutRequest CAS servers send, on one line, e.g.
    /// <c>&lt;samlp:LogoutRequest xmlns:samlp="…" ID="LR-…" Version="2.0" IssueInstant="2026-11-27T10:20:11Z"&gt;&lt;saml:NameID
    /// xmlns:saml="…"&gt;@NOT_USED@&lt;/saml:NameID&gt;&lt;samlp:SessionIndex&gt;ST-…&lt;/samlp:SessionIndex&gt;&lt;/samlp:LogoutRequest&gt;</c>.
    /// </summary>
    public string LogoutRequest(string serviceTicket)
    {
        const string protocol = "urn:oasis:names:tc:SAML:2.0:protocol";
        const string assertion = "urn:oasis:names:tc:SAML:2.0:assertion";
        var text = new StringBuilder();
        var settings = new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false };
        using (var writer = XmlWriter.Create(text, settings))
        {
            writer.WriteStartElement("samlp", "LogoutRequest", protocol);
            writer.WriteAttributeString("xmlns", "samlp", null, protocol);
            writer.WriteAttributeString("ID", "LR-" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 32));
            writer.WriteAttributeString("Version", "2.0");
            writer.WriteAttributeString("IssueInstant",
                time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            writer.WriteStartElement("saml", "NameID", assertion);
            writer.WriteAttributeString("xmlns", "saml", null, assertion);
            writer.WriteString("@NOT_USED@");
            writer.WriteEndElement();
            writer.WriteElementString("samlp", "SessionIndex", protocol, serviceTicket);
            writer.WriteEndElement();
        }

        return text.ToString();
    }

    private HttpRequestMessage LogoutRequestMessage(DevCasIssuedTicket ticket) =>
        new(HttpMethod.Post, ticket.Service)
        {
            Content = new FormUrlEncodedContent([new("logoutRequest", LogoutRequest(ticket.Ticket))]),
        };

    /// <summary>Sends the request; true when it is answered 2xx. A refusal or a failure is logged, never thrown.</summary>
    private async Task<bool> DeliverAsync(
        HttpClient client, Func<HttpRequestMessage> request, string delivery, string target, CancellationToken cancellationToken)
    {
        try
        {
            using var message = request();
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            DeliveryRefused(logger, delivery, target, (int)response.StatusCode);
        }
        catch (Exception failed)
        {
            DeliveryFailed(logger, delivery, target, failed.GetType().Name);
        }

        return false;
    }

    [LoggerMessage(EventId = 9001, EventName = "DevCasDeliveryRefused", Level = LogLevel.Information,
        Message = "Dev CAS: the {Delivery} to {Target} was answered {StatusCode}; it counts as not delivered.")]
    private static partial void DeliveryRefused(ILogger logger, string delivery, string target, int statusCode);

    [LoggerMessage(EventId = 9002, EventName = "DevCasDeliveryFailed", Level = LogLevel.Information,
        Message = "Dev CAS: the {Delivery} to {Target} could not be sent ({Failure}); it counts as not delivered.")]
    private static partial void DeliveryFailed(ILogger logger, string delivery, string target, string failure);
}
