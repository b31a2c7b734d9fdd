using CasPortal.Application.Sessions.CountLiveSessions;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CasPortal.Application.UnitTests.Sessions.CountLiveSessions;

public sealed class CountLiveSessionsHandlerTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 11, 27, 9, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Only_sessions_neither_ended_nor_expired_are_counted_whoever_holds_them()
    {
        await _database.SeedSessionAsync("alice", Now.AddMinutes(-10));
        await _database.SeedSessionAsync("bob", Now.AddMinutes(-29));
        await _database.SeedSessionAsync("alice", Now.AddMinutes(-31)); // idle past its 30 minutes
        var signedOut = await _database.SeedSessionAsync("bob", Now.AddMinutes(-5));
        await using (var db = _database.NewContext())
        {
            (await db.Sessions.SingleAsync(s => s.IdHash == signedOut.IdHash)).End(Now.AddMinutes(-1), SessionEndReason.Logout);
            await db.SaveChangesAsync();
        }

        await using var read = _database.NewContext();
        var live = await new CountLiveSessionsHandler(read, new FakeTimeProvider(new DateTimeOffset(Now)))
            .Handle(new CountLiveSessionsQuery(), CancellationToken.None);

        Assert.Equal(2, live);
    }
}
