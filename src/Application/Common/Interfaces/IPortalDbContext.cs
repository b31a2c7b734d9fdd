using CasPortal.Domain.Audit;
using CasPortal.Domain.Proxy;
using CasPortal.Domain.Sessions;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Application.Common.Interfaces;

/// <summary>The database as the use cases see it. A handler commits once, with one SaveChangesAsync.</summary>
public interface IPortalDbContext
{
    DbSet<PortalSession> Sessions { get; }
    DbSet<AuditEvent> AuditEvents { get; }
    DbSet<ProxyGrantingTicket> ProxyGrantingTickets { get; }
    Task<int> SaveChangesAsync(CancellationToken cancellationToken);
}
