using CasPortal.Application.Common.Interfaces;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Proxy;
using CasPortal.Domain.Sessions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CasPortal.Infrastructure.Persistence;

public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options)
    : DbContext(options), IPortalDbContext, IDataProtectionKeyContext
{
    public DbSet<PortalSession> Sessions => Set<PortalSession>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<ProxyGrantingTicket> ProxyGrantingTickets => Set<ProxyGrantingTicket>();

    /// <summary>Kept beside the sessions so cookies stay readable after a restart (and on every node).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);

    /// <summary>Every time is stored in UTC; SQLite forgets the kind, so it is restored on the way back.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        value => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
