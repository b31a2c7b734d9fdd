using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using CasPortal.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CasPortal.Infrastructure.Tests.Persistence;

/// <summary>
/// The HashSessionIdsAndAddReferences migration on a database that still keys sessions by their id, the same on
/// each provider: no id survives it, active sessions end with an audit record, audit events keep grouping by session.
/// </summary>
internal static class SessionIdHashMigration
{
    public static async Task UpgradesAsync(PortalDbContext db, string previousMigration)
    {
        var now = new DateTime(2026, 11, 27, 9, 0, 0, DateTimeKind.Utc);
        var active = PortalSession.NewId();
        var ended = PortalSession.NewId();
        var deleted = PortalSession.NewId();
        var noAttributes = "{}";
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(previousMigration);
        foreach (var (id, endedAt) in new[] { (active, (DateTime?)null), (ended, now) })
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "Sessions" ("Id", "Username", "ServiceTicketHash", "Attributes", "CreatedAt", "LastSeenAt",
                    "IdleTimeout", "IdleExpiresAt", "AbsoluteExpiresAt", "EndedAt", "EndReason")
                VALUES ({id}, 'bob', 'hash', {noAttributes}, {now}, {now}, {TimeSpan.FromMinutes(30)}, {now.AddMinutes(30)},
                    {now.AddHours(8)}, {endedAt}, {(endedAt is null ? null : (int?)SessionEndReason.Logout)})
                """);
        }

        foreach (var id in new[] { active, ended, deleted })
        {
            await db.Database.ExecuteSqlAsync(
                $"""INSERT INTO "AuditEvents" ("OccurredAt", "Type", "Username", "SessionId") VALUES ({now}, 1, 'bob', {id})""");
        }

        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "ProxyGrantingTickets" ("Iou", "Ticket", "ReceivedAt", "SessionId") VALUES ('PGTIOU-1', 'PGT-1', {now}, {active})""");

        await migrator.MigrateAsync();

        db.ChangeTracker.Clear();
        var sessions = await db.Sessions.AsNoTracking().ToListAsync();
        var events = await db.AuditEvents.AsNoTracking().ToListAsync();
        Assert.All(sessions, s => Assert.NotNull(s.EndedAt));
        Assert.Equal(
            new[] { active[..12], ended[..12] }.Order(StringComparer.Ordinal),
            sessions.Select(s => s.Reference).Order(StringComparer.Ordinal));
        foreach (var id in new[] { active, ended, deleted })
        {
            Assert.DoesNotContain(sessions, s => s.IdHash.Contains(id) || s.Reference == id);
            Assert.DoesNotContain(events, e => e.SessionReference == id);
            Assert.Equal(1, events.Count(e => e.SessionReference == id[..12] && e.Type == AuditEventType.LoginStarted));
        }

        var upgradeEnded = Assert.Single(events, e => e.Type == AuditEventType.SessionExpired);
        Assert.Equal(active[..12], upgradeEnded.SessionReference);
        Assert.Empty(await db.ProxyGrantingTickets.AsNoTracking().ToListAsync());
        Assert.Null(await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.IdHash == PortalSession.HashOfId(active)));
    }
}
