using CasPortal.Application.Sessions.ListMySessions;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Sessions;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Application.UnitTests.Sessions.ListMySessions;

public sealed class ListMySessionsHandlerTests : DatabaseTest
{
    [Fact]
    public async Task A_user_sees_only_their_own_live_sessions_with_the_most_recently_used_first()
    {
        var older = await Database.SeedSessionAsync("alice", Now.AddMinutes(-20));
        var newer = await Database.SeedSessionAsync("alice", Now.AddMinutes(-5));
        await Database.SeedSessionAsync("bob", Now.AddMinutes(-1));
        var signedOut = await Database.SeedSessionAsync("alice", Now.AddMinutes(-2));
        await EndAsync(signedOut, Now.AddMinutes(-1));
        await Database.SeedSessionAsync("alice", Now.AddMinutes(-45)); // idle past its 30 minutes

        var sessions = await Handle("alice");

        Assert.Equal([newer.Reference, older.Reference], sessions.Select(s => s.Reference));
        Assert.All(sessions, s => Assert.Equal(("alice", "Firefox on the laptop"), (s.Username, s.UserAgent)));
        Assert.Equal(Now.AddMinutes(-5).AddMinutes(30), sessions[0].IdleExpiresAt);
    }

    [Fact]
    public async Task Someone_without_sessions_gets_an_empty_list()
    {
        await Database.SeedSessionAsync("bob", Now);

        Assert.Empty(await Handle("alice"));
    }

    [Fact]
    public async Task A_user_with_more_than_fifty_sessions_sees_the_fifty_most_recently_used()
    {
        var seeded = new List<SeededSession>();
        for (var minutesAgo = 51; minutesAgo >= 1; minutesAgo--)
        {
            seeded.Add(await Database.SeedSessionAsync("alice", Now.AddMinutes(-minutesAgo / 2.0)));
        }

        var sessions = await Handle("alice");

        Assert.Equal(seeded.Skip(1).Reverse().Select(s => s.Reference), sessions.Select(s => s.Reference));
    }

    [Fact]
    public async Task A_session_past_its_absolute_lifetime_is_not_listed_even_when_recently_used()
    {
        var over = await Database.SeedSessionAsync("alice", Now.AddHours(-8));
        await using (var db = Database.NewContext())
        {
            var row = await db.Sessions.SingleAsync(s => s.IdHash == over.IdHash);
            db.Entry(row).Property(s => s.LastSeenAt).CurrentValue = Now.AddMinutes(-1);
            db.Entry(row).Property(s => s.IdleExpiresAt).CurrentValue = Now.AddMinutes(29);
            await db.SaveChangesAsync();
        }

        Assert.Empty(await Handle("alice"));
    }

    private async Task EndAsync(SeededSession seeded, DateTime at)
    {
        await using var db = Database.NewContext();
        (await db.Sessions.SingleAsync(s => s.IdHash == seeded.IdHash)).End(at, SessionEndReason.Logout);
        await db.SaveChangesAsync();
    }

    private async Task<IReadOnlyList<Application.Sessions.SessionSummary>> Handle(string username)
    {
        await using var db = Database.NewContext();
        return await new ListMySessionsHandler(db, Clock).Handle(new ListMySessionsQuery(username), CancellationToken.None);
    }
}
