using CasPortal.Application.Sessions.CountLiveSessions;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Sessions;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Application.UnitTests.Sessions.CountLiveSessions;

public sealed class CountLiveSessionsHandlerTests : DatabaseTest
{
    [Fact]
    public async Task Only_sessions_neither_ended_nor_expired_are_counted_whoever_holds_them()
    {
        await Database.SeedSessionAsync("alice", Now.AddMinutes(-10));
        await Database.SeedSessionAsync("bob", Now.AddMinutes(-29));
        await Database.SeedSessionAsync("alice", Now.AddMinutes(-31)); // idle past its 30 minutes
        var signedOut = await Database.SeedSessionAsync("bob", Now.AddMinutes(-5));
        await using (var db = Database.NewContext())
        {
            (await db.Sessions.SingleAsync(s => s.IdHash == signedOut.IdHash)).End(Now.AddMinutes(-1), SessionEndReason.Logout);
            await db.SaveChangesAsync();
        }

        await using var read = Database.NewContext();
        var live = await new CountLiveSessionsHandler(read, Clock)
            .Handle(new CountLiveSessionsQuery(), CancellationToken.None);

        Assert.Equal(2, live);
    }
}
