using CasPortal.Application.Audit;
using CasPortal.Application.Common.Models;
using CasPortal.Application.Sessions;
using CasPortal.Domain.Common;
using CasPortal.Domain.Proxy;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CasPortal.Infrastructure.Persistence;

/// <summary>
/// The portal's database. This type is the SQLite context, with its migrations in Persistence/Migrations;
/// <see cref="PostgresPortalDbContext"/> derives from it with its own migrations for PostgreSQL. Both build the same
/// model from the configurations in Persistence/Configurations.
/// </summary>
public class PortalDbContext : DbContext, IPortalDbContext, ISignedInReads, IDataProtectionKeyContext
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

    private AuditTrail? _auditTrail;

    /// <summary>
    /// The request's audit trail, which writes the audit records of each save. Set for every scope that resolves
    /// <see cref="IPortalDbContext"/>; a pooled context forgets it when the scope ends.
    /// </summary>
    public PortalDbContext UseAuditTrail(AuditTrail auditTrail)
    {
        _auditTrail = auditTrail;
        return this;
    }

    public override void Dispose()
    {
        _auditTrail = null;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        _auditTrail = null;
        return base.DisposeAsync();
    }

    /// <summary>
    /// Adds the audit records of this save: those the use case recorded and those that follow from the entities'
    /// events. They are saved with the change itself, in the same transaction, or not at all.
    /// </summary>
    private void AddAuditRecords()
    {
        var events = ChangeTracker.Entries<IHasDomainEvents>().SelectMany(e => e.Entity.TakeDomainEvents()).ToList();
        if (_auditTrail is null)
        {
            if (events.Count > 0)
            {
                throw new InvalidOperationException(
                    $"{events[0].GetType().Name} needs its audit record, but this context has no audit trail: resolve IPortalDbContext.");
            }

            return;
        }

        AuditEvents.AddRange(_auditTrail.TakeRecords(events));
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        AddAuditRecords();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        AddAuditRecords();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>
    /// The session check through EF Core, where the provider has no cheaper read (PostgreSQL). A compiled query, since
    /// every request would pay for translating the LINQ afresh.
    /// </summary>
    public async Task<SessionCheckRow?> ReadForCheckAsync(string sessionIdHash, CancellationToken cancellationToken)
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
                s.Reference, s.Username, SessionAttributes.Of(s.Attributes), s.CreatedAt, s.LastSeenAt, s.IdleExpiresAt, s.AbsoluteExpiresAt, s.EndedAt))
            .FirstOrDefault());

    public async Task<List<SessionSummary>> ListLiveSessionsOfAsync(string username, DateTime now, int limit, CancellationToken cancellationToken)
    {
        var sessions = new List<SessionSummary>();
        await foreach (var session in LiveSessionsOf(this, username, now, limit).WithCancellation(cancellationToken))
        {
            sessions.Add(session);
        }

        return sessions;
    }

    private static readonly Func<PortalDbContext, string, DateTime, int, IAsyncEnumerable<SessionSummary>> LiveSessionsOf =
        EF.CompileAsyncQuery((PortalDbContext db, string username, DateTime now, int limit) => db.Sessions.AsNoTracking()
            .Where(s => s.Username == username && s.EndedAt == null && s.IdleExpiresAt > now && s.AbsoluteExpiresAt > now)
            .OrderByDescending(s => s.LastSeenAt)
            .Take(limit)
            .Select(s => new SessionSummary(s.Reference, s.Username, s.CreatedAt, s.LastSeenAt, s.IdleExpiresAt,
                s.AbsoluteExpiresAt, s.ClientIp, s.UserAgent)));

    public async Task<SessionCheckWithOwnSessions> ReadForCheckWithOwnSessionsAsync(
        string sessionIdHash, DateTime now, int limit, CancellationToken cancellationToken)
    {
        await Database.OpenConnectionAsync(cancellationToken); // as in ReadForCheckAsync
        SessionCheckRow? row = null;
        var sessions = new List<SessionSummary>();
        await foreach (var read in SessionWithOwnSessions(this, sessionIdHash, now, limit).WithCancellation(cancellationToken))
        {
            if (read.IdHash == sessionIdHash)
            {
                row = new SessionCheckRow(read.Reference, read.Username, SessionAttributes.Of(read.Attributes), read.CreatedAt,
                    read.LastSeenAt, read.IdleExpiresAt, read.AbsoluteExpiresAt, read.EndedAt);
            }

            if (read.EndedAt is null && read.IdleExpiresAt > now && read.AbsoluteExpiresAt > now)
            {
                sessions.Add(new SessionSummary(read.Reference, read.Username, read.CreatedAt, read.LastSeenAt,
                    read.IdleExpiresAt, read.AbsoluteExpiresAt, read.ClientIp, read.UserAgent));
            }
        }

        // The row came first whatever its time; the list is in order of "last seen", as ListLiveSessionsOfAsync's.
        return new SessionCheckWithOwnSessions(row, [.. sessions.OrderByDescending(s => s.LastSeenAt).Take(limit)]);
    }

    /// <summary>
    /// The row and its user's live sessions in one query: the row first, then the others most recently seen first, so that
    /// <c>limit + 1</c> rows hold the row and every session the list can show.
    /// </summary>
    private static readonly Func<PortalDbContext, string, DateTime, int, IAsyncEnumerable<PortalSession>> SessionWithOwnSessions =
        EF.CompileAsyncQuery((PortalDbContext db, string sessionIdHash, DateTime now, int limit) => db.Sessions.AsNoTracking()
            .Where(s => s.IdHash == sessionIdHash
                || (s.Username == db.Sessions.Where(current => current.IdHash == sessionIdHash).Select(current => current.Username).FirstOrDefault()
                    && s.EndedAt == null && s.IdleExpiresAt > now && s.AbsoluteExpiresAt > now))
            .OrderBy(s => s.IdHash == sessionIdHash ? 0 : 1)
            .ThenByDescending(s => s.LastSeenAt)
            .Take(limit + 1));

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
