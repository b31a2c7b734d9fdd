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

    /// <summary>
    /// SQLite takes one writer at a time; writers that find it busy sleep in SQLite's busy handler (up to 100 ms per
    /// try) on a blocked thread. Queuing them here instead hands the lock over at once and blocks no thread, which
    /// under concurrent sign-ins removed the sleeps and the threads they cost (docs/PERFORMANCE.md). The busy timeout
    /// stays for writers outside SaveChanges and other processes.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (WriteGate() is not { } gate)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (WriteGate() is not { } gate)
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }

        gate.Wait();
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            gate.Release();
        }
    }

    private SemaphoreSlim? WriteGate() =>
        Database.IsSqlite() ? SqliteWriteGate.For(Database.GetConnectionString()!) : null;

    public async Task<SessionCheckRow?> FindSessionForCheckAsync(string sessionIdHash, CancellationToken cancellationToken)
    {
        // Left open for the rest of the request, whose page queries follow at once; it closes when the context goes
        // back to the pool. Opening and closing it twice per request was a fifth of the check's cost.
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
