using CasPortal.Application.Common.Models;
using CasPortal.Application.Sessions;
using CasPortal.Domain.Proxy;

namespace CasPortal.Application.Common.Interfaces;

/// <summary>The database as the use cases see it. A handler commits once, with one SaveChangesAsync.</summary>
public interface IPortalDbContext
{
    DbSet<PortalSession> Sessions { get; }
    DbSet<AuditEvent> AuditEvents { get; }
    DbSet<ProxyGrantingTicket> ProxyGrantingTickets { get; }
    DbSet<ReauthenticationRequirement> ReauthenticationRequirements { get; }
    Task<int> SaveChangesAsync(CancellationToken cancellationToken);
}
