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

    /// <summary>
    /// How many delivered PGTs may wait for their validation answer at once: far above what real sign-ins within one
    /// bind window deliver, and a ceiling on what strangers posting to the callback can make the portal store.
    /// </summary>
    public const int MaxUnclaimed = 10_000;

    public string Iou { get; private set; }

    /// <summary>The PGT itself, a bearer credential: kept only in the database, never logged or shown.</summary>
    public string Ticket { get; private set; }

    public DateTime ReceivedAt { get; private set; }
    /// <summary>The <see cref="Sessions.PortalSession.IdHash"/> of the session it belongs to, once bound.</summary>
    public string? SessionIdHash { get; private set; }

    /// <summary>Binds the ticket to the session whose validation returned its IOU; only once, only within the window.</summary>
    public bool BindTo(string sessionIdHash, DateTime now)
    {
        if (SessionIdHash is not null || now - ReceivedAt > BindWindow)
        {
            return false;
        }

        SessionIdHash = sessionIdHash;
        return true;
    }
}
