using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace CasPortal.DevCas;

/// <summary>A browser's single sign-on session, found through the ticket-granting cookie holding <see cref="Id"/>.</summary>
internal sealed record DevCasSession(string Id, DevCasUser User, DateTimeOffset AuthenticatedAt);

/// <summary>A service ticket, bound to the exact service string it was issued for.</summary>
internal sealed record DevCasServiceTicket(
    string Service, DevCasUser User, DateTimeOffset AuthenticatedAt, DateTimeOffset IssuedAt, bool FromNewLogin);

internal abstract record DevCasValidationResult;

internal sealed record DevCasValidationSuccess(DevCasServiceTicket Ticket) : DevCasValidationResult;

/// <summary>A CAS failure code and a description; the description never contains the ticket.</summary>
internal sealed record DevCasValidationFailure(string Code, string Description) : DevCasValidationResult;

/// <summary>In-memory sessions and service tickets of the development CAS server (one process only, by design).</summary>
internal sealed class DevCasTicketRegistry(TimeProvider time, IOptionsMonitor<DevCasOptions> options)
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly ConcurrentDictionary<string, DevCasSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DevCasServiceTicket> _tickets = new(StringComparer.Ordinal);

    public DevCasSession StartSession(DevCasUser user)
    {
        var session = new DevCasSession(RandomNumberGenerator.GetString(Alphabet, 48), user, time.GetUtcNow());
        _sessions[session.Id] = session;
        return session;
    }

    public DevCasSession? FindSession(string? id) =>
        id is not null && _sessions.TryGetValue(id, out var session) ? session : null;

    public void EndSession(string? id)
    {
        if (id is not null)
        {
            _sessions.TryRemove(id, out _);
        }
    }

    public string IssueServiceTicket(string service, DevCasSession session, bool fromNewLogin)
    {
        var now = time.GetUtcNow();
        PurgeExpired(now);
        // Random, not counter-based: a ticket must not be guessable from another one.
        var id = $"ST-{RandomNumberGenerator.GetString(Alphabet, 40)}-devcas";
        _tickets[id] = new DevCasServiceTicket(service, session.User, session.AuthenticatedAt, now, fromNewLogin);
        return id;
    }

    public DevCasValidationResult Validate(string? service, string? ticket, bool renew)
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

        if (!ticket.StartsWith("ST-", StringComparison.Ordinal))
        {
            return Failure("INVALID_TICKET_SPEC", "This endpoint accepts service tickets (ST-) only.");
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

    private static DevCasValidationFailure Failure(string code, string description) => new(code, description);

    private bool IsExpired(DevCasServiceTicket ticket, DateTimeOffset now) =>
        now - ticket.IssuedAt >= options.CurrentValue.TicketLifetime;

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
