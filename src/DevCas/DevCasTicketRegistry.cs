using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace CasPortal.DevCas;

/// <summary>
/// A browser's single sign-on (ticket-granting) session, found through the ticket-granting cookie holding
/// <see cref="Id"/>. It remembers every service ticket it issued, for single logout.
/// </summary>
internal sealed class DevCasSession(string id, DevCasUser user, DateTimeOffset authenticatedAt)
{
    private readonly List<DevCasIssuedTicket> _issued = [];

    public string Id { get; } = id;

    public DevCasUser User { get; } = user;

    public DateTimeOffset AuthenticatedAt { get; } = authenticatedAt;

    public void Remember(DevCasIssuedTicket ticket)
    {
        lock (_issued)
        {
            _issued.Add(ticket);
        }
    }

    /// <summary>A snapshot of the (service, service ticket) pairs issued in this session, oldest first.</summary>
    public IReadOnlyList<DevCasIssuedTicket> IssuedTickets()
    {
        lock (_issued)
        {
            return [.. _issued];
        }
    }
}

/// <summary>A service ticket as issued through /login: where single logout must be announced.</summary>
internal sealed record DevCasIssuedTicket(string Service, string Ticket);

/// <summary>
/// A service ticket (ST-) or proxy ticket (PT-), bound to the exact service string it was issued for. A proxy
/// ticket carries its proxy chain, most recent proxy first; a service ticket has an empty one.
/// </summary>
internal sealed record DevCasServiceTicket(
    string Service, string SessionId, DevCasUser User, DateTimeOffset AuthenticatedAt, DateTimeOffset IssuedAt,
    bool FromNewLogin, IReadOnlyList<string> Proxies);

/// <summary>
/// A proxy-granting ticket, issued to <see cref="CallbackUrl"/> (the pgtUrl) when a ticket whose chain was
/// <see cref="Proxies"/> was validated. It lives as long as the single sign-on session <see cref="SessionId"/>.
/// </summary>
internal sealed record DevCasProxyGrantingTicket(
    string Id, string Iou, string SessionId, DevCasUser User, DateTimeOffset AuthenticatedAt, string CallbackUrl,
    IReadOnlyList<string> Proxies);

internal abstract record DevCasValidationResult;

/// <summary>A validated ticket, and the PGTIOU to answer when a proxy-granting ticket was delivered.</summary>
internal sealed record DevCasValidationSuccess(DevCasServiceTicket Ticket, string? ProxyGrantingTicketIou = null)
    : DevCasValidationResult;

/// <summary>A CAS failure code and a description; the description never contains the ticket.</summary>
internal sealed record DevCasValidationFailure(string Code, string Description) : DevCasValidationResult;

internal abstract record DevCasProxyResult;

internal sealed record DevCasProxySuccess(string ProxyTicket) : DevCasProxyResult;

/// <summary>A /proxy failure code and a description; the description never contains a ticket.</summary>
internal sealed record DevCasProxyFailure(string Code, string Description) : DevCasProxyResult;

/// <summary>
/// In-memory sessions, service, proxy and proxy-granting tickets of the development CAS server (one process only,
/// by design).
/// </summary>
internal sealed class DevCasTicketRegistry(TimeProvider time, IOptionsMonitor<DevCasOptions> options)
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly ConcurrentDictionary<string, DevCasSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DevCasServiceTicket> _tickets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DevCasProxyGrantingTicket> _proxyGrantingTickets = new(StringComparer.Ordinal);

    // Every session in the order it started, ended ones included until they reach the front: the oldest is always
    // first, which is all that expiry and the cap need.
    private readonly ConcurrentQueue<DevCasSession> _started = new();

    // Serialises "a PGT is added to a live session" against "a session ends and takes its PGTs along", so that no
    // PGT can outlive its session.
    private readonly Lock _sessionGate = new();

    public DevCasSession StartSession(DevCasUser user)
    {
        var now = time.GetUtcNow();
        var session = new DevCasSession(RandomNumberGenerator.GetString(Alphabet, 48), user, now);
        _sessions[session.Id] = session;
        _started.Enqueue(session);
        ForgetOldSessions(now);
        return session;
    }

    public DevCasSession? FindSession(string? id) =>
        id is not null && _sessions.TryGetValue(id, out var session) && !IsExpired(session, time.GetUtcNow())
            ? session
            : null;

    /// <summary>Ends the session and every proxy-granting ticket issued under it; returns the ended session, if any.</summary>
    public DevCasSession? EndSession(string? id)
    {
        if (id is null)
        {
            return null;
        }

        lock (_sessionGate)
        {
            if (!_sessions.TryRemove(id, out var session))
            {
                return null;
            }

            foreach (var entry in _proxyGrantingTickets)
            {
                if (string.Equals(entry.Value.SessionId, id, StringComparison.Ordinal))
                {
                    _proxyGrantingTickets.TryRemove(entry);
                }
            }

            return session;
        }
    }

    public string IssueServiceTicket(string service, DevCasSession session, bool fromNewLogin)
    {
        var now = time.GetUtcNow();
        PurgeExpired(now);
        // Random, not counter-based: a ticket must not be guessable from another one.
        var id = NewId("ST-");
        _tickets[id] = new DevCasServiceTicket(service, session.Id, session.User, session.AuthenticatedAt, now, fromNewLogin, []);
        session.Remember(new DevCasIssuedTicket(service, id));
        return id;
    }

    /// <summary>
    /// Validates a service ticket, or also a proxy ticket when <paramref name="acceptProxyTickets"/> (the
    /// /proxyValidate endpoints). Any attempt consumes the ticket.
    /// </summary>
    public DevCasValidationResult Validate(string? service, string? ticket, bool renew, bool acceptProxyTickets = false)
    {
        // Single use: the first validation attempt removes the ticket whatever its outcome. TryRemove is atomic,
        // so of two concurrent validations of one ticket only one can see it.
        DevCasServiceTicket? issued = null;
        if (!string.IsNullOrEmpty(ticket))
        {
            _tickets.TryRemove(ticket, out issued);
        }

        if (string.IsNullOrEmpty(service) || string.IsNullOrEmpty(ticket))
        {
            return Failure("INVALID_REQUEST", "The service and ticket parameters are both required.");
        }

        if (!ticket.StartsWith("ST-", StringComparison.Ordinal) &&
            !(acceptProxyTickets && ticket.StartsWith("PT-", StringComparison.Ordinal)))
        {
            // The spec: /serviceValidate must not accept proxy tickets; only /proxyValidate does.
            return acceptProxyTickets
                ? Failure("INVALID_TICKET_SPEC", "This endpoint accepts service tickets (ST-) and proxy tickets (PT-) only.")
                : Failure("INVALID_TICKET_SPEC",
                    "This endpoint accepts service tickets (ST-) only; validate proxy tickets at /proxyValidate.");
        }

        if (issued is null || IsExpired(issued, time.GetUtcNow()))
        {
            return Failure("INVALID_TICKET", "Ticket not recognized: unknown, already used or expired.");
        }

        if (!string.Equals(service, issued.Service, StringComparison.Ordinal))
        {
            // Naming both strings helps the developer spot the difference (the client must send the exact same one).
            return Failure("INVALID_SERVICE",
                $"The ticket was issued for service '{issued.Service}' but validated for '{service}'; it is no longer valid.");
        }

        if (renew && !issued.FromNewLogin)
        {
            return Failure("INVALID_TICKET", "renew=true, but the ticket came from single sign-on, not from a fresh login.");
        }

        return new DevCasValidationSuccess(issued);
    }

    /// <summary>
    /// Creates a proxy-granting ticket and its IOU for the callback <paramref name="callbackUrl"/>, from a ticket just
    /// validated; null when the ticket's single sign-on session has ended meanwhile.
    /// </summary>
    public DevCasProxyGrantingTicket? CreateProxyGrantingTicket(DevCasServiceTicket validated, string callbackUrl)
    {
        // Within the 64 characters every client must accept for PGTs and PGTIOUs (the spec allows up to 256).
        var pgt = new DevCasProxyGrantingTicket(
            NewId("PGT-"), NewId("PGTIOU-"), validated.SessionId, validated.User, validated.AuthenticatedAt, callbackUrl,
            validated.Proxies);
        lock (_sessionGate)
        {
            if (!IsLive(validated.SessionId, time.GetUtcNow()))
            {
                return null;
            }

            _proxyGrantingTickets[pgt.Id] = pgt;
            return pgt;
        }
    }

    /// <summary>Forgets a proxy-granting ticket whose delivery to the callback failed.</summary>
    public void RemoveProxyGrantingTicket(string id) => _proxyGrantingTickets.TryRemove(id, out _);

    /// <summary>
    /// Issues a proxy ticket for <paramref name="targetService"/> (already checked against the allowed prefixes) from
    /// the proxy-granting ticket <paramref name="pgtId"/>.
    /// </summary>
    public DevCasProxyResult IssueProxyTicket(string pgtId, string targetService)
    {
        var now = time.GetUtcNow();
        // An expired session may still be listed (it is removed when a later session starts); its PGTs are dead anyway.
        if (!_proxyGrantingTickets.TryGetValue(pgtId, out var pgt) || !IsLive(pgt.SessionId, now))
        {
            // The spec's /proxy codes (2.7.3) are a minimum set: INVALID_REQUEST, UNAUTHORIZED_SERVICE, INTERNAL_ERROR,
            // and "implementations MAY include others". For an unknown or ended PGT this server answers
            // INVALID_TICKET, like Apereo CAS does, so that a client can tell "the PGT is dead, sign in again to get a
            // new one" from "this target service is not allowed" (UNAUTHORIZED_SERVICE). Clients must handle unknown
            // codes anyway.
            return new DevCasProxyFailure("INVALID_TICKET",
                "Proxy-granting ticket not recognized: unknown, or its single sign-on session has ended.");
        }

        PurgeExpired(now);
        var id = NewId("PT-");
        // The chain, most recent proxy first: the callback URL this PGT was delivered to, then the PGT's own chain.
        _tickets[id] = new DevCasServiceTicket(
            targetService, pgt.SessionId, pgt.User, pgt.AuthenticatedAt, now, FromNewLogin: false,
            [pgt.CallbackUrl, .. pgt.Proxies]);
        return new DevCasProxySuccess(id);
    }

    private static string NewId(string kind) => $"{kind}{RandomNumberGenerator.GetString(Alphabet, 40)}-devcas";

    private static DevCasValidationFailure Failure(string code, string description) => new(code, description);

    private bool IsExpired(DevCasServiceTicket ticket, DateTimeOffset now) =>
        now - ticket.IssuedAt >= options.CurrentValue.TicketLifetime;

    private bool IsExpired(DevCasSession session, DateTimeOffset now) =>
        now - session.AuthenticatedAt >= options.CurrentValue.SessionLifetime;

    private bool IsLive(string sessionId, DateTimeOffset now) =>
        _sessions.TryGetValue(sessionId, out var session) && !IsExpired(session, now);

    // Ends sessions from the oldest while more than MaxSessions were started or the oldest has expired. Counting
    // ended sessions still in the queue keeps the queue itself bounded; it can end a live session somewhat early,
    // which a development server may.
    private void ForgetOldSessions(DateTimeOffset now)
    {
        var max = options.CurrentValue.MaxSessions;
        while (_started.TryPeek(out var oldest) && (_started.Count > max || IsExpired(oldest, now)))
        {
            if (_started.TryDequeue(out oldest))
            {
                EndSession(oldest.Id);
            }
        }
    }

    // Tickets that are never validated would otherwise pile up; sweeping on issue keeps the registry bounded.
    private void PurgeExpired(DateTimeOffset now)
    {
        foreach (var entry in _tickets)
        {
            if (IsExpired(entry.Value, now))
            {
                _tickets.TryRemove(entry);
            }
        }
    }
}
