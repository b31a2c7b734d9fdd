using CasPortal.Domain.Sessions;
using CasPortal.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Application.UnitTests.Common;

/// <summary>A private SQLite database in memory, alive as long as its one open connection.</summary>
public sealed class TestDatabase : IDisposable
{
    private readonly SqliteConnection _connection = new("DataSource=:memory:");

    public TestDatabase()
    {
        _connection.Open();
        using var db = NewContext();
        db.Database.EnsureCreated();
    }

    /// <summary>
    /// A fresh context, so assertions read what was committed rather than what a context remembers. It audits as a
    /// request from nowhere; a handler under test gets its own trail (<see cref="AuditTrails.Audit"/>).
    /// </summary>
    public PortalDbContext NewContext()
    {
        var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(_connection).Options);
        db.Audit(FakeRequestContext.None, TimeProvider.System);
        return db;
    }

    /// <summary>A signed-in session of 30 minutes idle and 8 hours absolute lifetime, started at <paramref name="now"/>.</summary>
    /// <param name="browserIdHash">The hash of the browser-id cookie of the browser that holds it.</param>
    public async Task<SeededSession> SeedSessionAsync(string username, DateTime now, string ticketHash = "hash", string? browserIdHash = null)
    {
        await using var db = NewContext();
        var id = PortalSession.NewId();
        var session = new PortalSession(id, username, ticketHash, new Dictionary<string, IReadOnlyList<string>>
        {
            ["mail"] = [$"{username}@example.edu"],
        }, now, TimeSpan.FromMinutes(30), TimeSpan.FromHours(8), null, "Firefox on the laptop", browserIdHash);
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
        return new SeededSession(id, session.IdHash, session.Reference);
    }

    public void Dispose() => _connection.Dispose();
}

/// <summary>A seeded session: the id its cookie would carry, the row's key and the reference pages show.</summary>
public sealed record SeededSession(string Id, string IdHash, string Reference);
