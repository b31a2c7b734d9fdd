using CasPortal.Application.Common.Interfaces;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Infrastructure.Persistence;

public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options)
    : DbContext(options), IPortalDbContext, IDataProtectionKeyContext
{
    public DbSet<PortalSession> Sessions => Set<PortalSession>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    /// <summary>Kept beside the sessions so cookies stay readable after a restart (and on every node).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
}
