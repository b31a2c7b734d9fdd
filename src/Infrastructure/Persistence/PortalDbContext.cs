using CasPortal.Application.Common.Interfaces;
using CasPortal.Application.Common.Models;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Proxy;
using CasPortal.Domain.Sessions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CasPortal.Infrastructure.Persistence;

/// <summary>
/// The portal's database. This type is the SQLite context, with its migrations in Persistence/Migrations;
/// <see cref="PostgresPortalDbContext"/> derives from it with its own migrations for PostgreSQL. Both build the same
/// model from the configurations in Persistence/Configurations.
/// </summary>
public class PortalDbContext : DbContext, IPortalDbContext, IDataProtectionKeyContext
{
    public PortalDbContext(DbContextOptions<PortalDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's own context type, which EF Core keys its migrations and model cache on.</summary>
    protected PortalDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<PortalSession> Sessions => Set<PortalSession>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<ProxyGrantingTicket> ProxyGrantingTickets => Set<ProxyGrantingTicket>();
    public DbSet<ReauthenticationRequirement> ReauthenticationRequirements => Set<ReauthenticationRequirement>();

    /// <summary>Kept beside the sessions so cookies stay readable after a restart (and on every node).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public async Task<SessionCheckRow?> FindSessionForCheckAsync(string sessionIdHash, CancellationToken cancellationToken)
    {
        // Left open for the rest of the request, whose page queries follow at once; it closes when the context goes
        // back to the pool, so the connection is opened once per request, not once per query.
        await Database.OpenConnectionAsync(cancellationToken);
        return await SessionForCheck(this, sessionIdHash, cancellationToken);
    }

    private static readonly Func<PortalDbContext, string, CancellationToken, Task<SessionCheckRow?>> SessionForCheck =
        EF.CompileAsyncQuery((PortalDbContext db, string sessionIdHash, CancellationToken _) => db.Sessions.AsNoTracking()
            .Where(s => s.IdHash == sessionIdHash)
            .Select(s => new SessionCheckRow(
                s.Reference, s.Username, s.Attributes, s.CreatedAt, s.LastSeenAt, s.IdleExpiresAt, s.AbsoluteExpiresAt, s.EndedAt))
            .FirstOrDefault());

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);

    /// <summary>
    /// Every time is stored in UTC; SQLite forgets the kind, so it is restored on the way back. PostgreSQL's
    /// timestamp with time zone accepts only UTC times, which the conversion guarantees.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        value => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
