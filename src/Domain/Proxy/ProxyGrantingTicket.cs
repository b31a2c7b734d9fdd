namespace CasPortal.Domain.Proxy;

/// <summary>
/// A proxy-granting ticket the CAS server delivered to the proxy callback. It arrives (IOU and PGT) before the
/// validation answer that names its IOU; that answer binds it to the session it started. Unbound ones are purged soon.
/// </summary>
public sealed class ProxyGrantingTicket
{
    private ProxyGrantingTicket()
    {
        Iou = string.Empty;
        Ticket = string.Empty;
    }

    public ProxyGrantingTicket(string iou, string ticket, DateTime receivedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(iou);
        ArgumentException.ThrowIfNullOrEmpty(ticket);
        Iou = iou;
        Ticket = ticket;
        ReceivedAt = receivedAt;
    }

    /// <summary>How long a delivered PGT waits for the validation answer that binds it.</summary>
    public static readonly TimeSpan BindWindow = TimeSpan.FromMinutes(2);

    public string Iou { get; private set; }

    /// <summary>The PGT itself, a bearer credential: kept only in the database, never logged or shown.</summary>
    public string Ticket { get; private set; }

    public DateTime ReceivedAt { get; private set; }
    public string? SessionId { get; private set; }

    /// <summary>Binds the ticket to the session whose validation returned its IOU; only once, only within the window.</summary>
    public bool BindTo(string sessionId, DateTime now)
    {
        if (SessionId is not null || now - ReceivedAt > BindWindow)
        {
            return false;
        }

        SessionId = sessionId;
        return true;
    }
}
