using Microsoft.Extensions.Time.Testing;

namespace CasPortal.Application.UnitTests.Common;

/// <summary>
/// What a handler test arranges first: its own database, the fake clock on a fixed morning, and where requests come
/// from. The database lives as long as the test.
/// </summary>
public abstract class DatabaseTest : IDisposable
{
    /// <summary>An administrator's request.</summary>
    protected static readonly FakeRequestContext AdminBrowser = new("192.0.2.50", "Admin browser", Username: "alice");

    /// <summary>A user's request from their own browser.</summary>
    protected static readonly FakeRequestContext BobsBrowser = new("192.0.2.7", "Bob's browser");

    /// <summary>The hash of the browser-id cookie of a browser that held a session.</summary>
    protected static readonly string Laptop = new('a', 64);

    protected TestDatabase Database { get; } = new();

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    protected DateTime Now => Clock.GetUtcNow().UtcDateTime;

    /// <summary>The row of <paramref name="session"/> as committed.</summary>
    protected async Task<PortalSession> RowOf(SeededSession session)
    {
        await using var read = Database.NewContext();
        return (await read.Sessions.FindAsync(session.IdHash))!;
    }

    /// <summary>Ends <paramref name="session"/> as a sign-out in its own browser would.</summary>
    protected async Task EndAsync(SeededSession session)
    {
        await using var db = Database.NewContext();
        (await db.Sessions.FindAsync(session.IdHash))!.End(Now, SessionEndReason.Logout);
        await db.SaveChangesAsync();
    }

    public void Dispose()
    {
        Database.Dispose();
        GC.SuppressFinalize(this);
    }
}
