using System.Net;

namespace CasPortal.Application.Sessions.SingleLogout;

public enum SingleLogoutChannel
{
    /// <summary>The CAS server POSTs to the service URL, server to server.</summary>
    BackChannel,

    /// <summary>The CAS server sends the user's browser with the request in the query string.</summary>
    FrontChannel,
}

public enum SingleLogoutOutcome
{
    /// <summary>Handled: the named sessions are ended, or there were none (unknown tickets are normal).</summary>
    Accepted,

    /// <summary>Not a logout request.</summary>
    Malformed,

    /// <summary>From an address not in Cas:SingleLogout:AllowedSources.</summary>
    SourceNotAllowed,

    /// <summary>A front-channel request while Cas:SingleLogout:FrontChannel is off.</summary>
    ChannelDisabled,
}

/// <summary>The CAS server says the user logged out: end the portal sessions started with the tickets it names.</summary>
/// <param name="LogoutRequest">The SAML LogoutRequest as the channel carries it: XML on the back channel, deflated and
/// base64-encoded on the front channel.</param>
public sealed record SingleLogoutCommand(string LogoutRequest, SingleLogoutChannel Channel)
    : ICommand<SingleLogoutOutcome>;

public sealed class SingleLogoutHandler(
    IPortalDbContext db,
    AuditTrail audit,
    IRequestContext request,
    IOptions<SingleLogoutOptions> options,
    ILogoutRequestReader logoutRequests,
    TimeProvider clock) : ICommandHandler<SingleLogoutCommand, SingleLogoutOutcome>
{
    public async ValueTask<SingleLogoutOutcome> Handle(SingleLogoutCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Only the back channel comes from the CAS server itself; front-channel requests come from users' browsers.
        if (command.Channel == SingleLogoutChannel.BackChannel && !IsAllowedSource(request.ClientIp))
        {
            audit.Record(AuditEventType.SingleLogoutRefused,
                detail: "Back-channel logout request from an address not in Cas:SingleLogout:AllowedSources",
                code: "SOURCE_NOT_ALLOWED");
            await db.SaveChangesAsync(cancellationToken);
            return SingleLogoutOutcome.SourceNotAllowed;
        }

        if (command.Channel == SingleLogoutChannel.FrontChannel && !options.Value.FrontChannel)
        {
            audit.Record(AuditEventType.SingleLogoutRefused,
                detail: "Front-channel logout request while Cas:SingleLogout:FrontChannel is off",
                code: "FRONT_CHANNEL_DISABLED");
            await db.SaveChangesAsync(cancellationToken);
            return SingleLogoutOutcome.ChannelDisabled;
        }

        var tickets = command.Channel == SingleLogoutChannel.FrontChannel
            ? logoutRequests.ReadFrontChannel(command.LogoutRequest)
            : logoutRequests.ReadBackChannel(command.LogoutRequest);
        if (tickets is null)
        {
            return SingleLogoutOutcome.Malformed;
        }

        if (!options.Value.Enabled)
        {
            return SingleLogoutOutcome.Accepted;
        }

        var hashes = tickets.Select(TicketHash.Of).ToList();
        var sessions = await db.Sessions
            .Where(s => hashes.Contains(s.ServiceTicketHash) && s.EndedAt == null)
            .ToListAsync(cancellationToken);
        foreach (var session in sessions)
        {
            session.End(now, SessionEndReason.SingleLogout, how: $"{command.Channel} logout request from the CAS server");
        }

        await db.SaveChangesAsync(cancellationToken);
        return SingleLogoutOutcome.Accepted;
    }

    private bool IsAllowedSource(string? clientIp)
    {
        var allowed = options.Value.AllowedSources;
        if (allowed.Count == 0)
        {
            return true;
        }

        if (!IPAddress.TryParse(clientIp, out var address))
        {
            return false;
        }

        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return allowed.Any(network => IPNetwork.Parse(network).Contains(address));
    }
}
