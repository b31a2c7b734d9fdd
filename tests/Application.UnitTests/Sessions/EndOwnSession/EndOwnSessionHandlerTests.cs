using CasPortal.Application.Sessions.EndOwnSession;

namespace CasPortal.Application.UnitTests.Sessions.EndOwnSession;

/// <summary>A user ends their session in another browser, which must then type a password to sign in again.</summary>
public sealed class EndOwnSessionHandlerTests : DatabaseTest
{
    [Fact]
    public async Task A_user_can_end_their_own_other_session_but_not_someone_elses_nor_the_one_in_use()
    {
        var here = await Database.SeedSessionAsync("bob", Now);
        var phone = await Database.SeedSessionAsync("bob", Now);
        var carols = await Database.SeedSessionAsync("carol", Now);

        Assert.False(await End(carols, here));
        Assert.False(await End(here, here));
        Assert.True(await End(phone, here));

        Assert.Null((await RowOf(carols)).EndedAt);
        Assert.Null((await RowOf(here)).EndedAt);
        Assert.Equal(SessionEndReason.Logout, (await RowOf(phone)).EndReason);
    }

    [Fact]
    public async Task A_refused_end_writes_nothing()
    {
        var here = await Database.SeedSessionAsync("bob", Now, browserIdHash: Laptop);
        var carols = await Database.SeedSessionAsync("carol", Now);

        Assert.False(await End(carols, here));
        Assert.False(await End(here, here));

        await using var read = Database.NewContext();
        Assert.Empty(read.AuditEvents);
        Assert.Empty(read.ReauthenticationRequirements);
    }

    [Fact]
    public async Task Signing_out_there_makes_that_browser_type_a_password()
    {
        var here = await Database.SeedSessionAsync("bob", Now);
        var there = await Database.SeedSessionAsync("bob", Now, browserIdHash: Laptop);

        Assert.True(await End(there, here));

        var requirement = await Database.NewContext().ReauthenticationRequirements.SingleAsync();
        Assert.Equal((ReauthenticationScope.Browser, Laptop, "bob"), (requirement.Scope, requirement.BrowserIdHash, requirement.SetBy));
    }

    [Fact]
    public async Task The_audit_says_the_user_ended_it_from_which_session_and_what_that_browser_must_now_do()
    {
        var here = await Database.SeedSessionAsync("bob", Now);
        var there = await Database.SeedSessionAsync("bob", Now, browserIdHash: Laptop);

        await End(there, here);

        var audit = await Database.NewContext().AuditEvents.OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(
            new (AuditEventType, string?, string?, string?, string?)[]
            {
                (AuditEventType.Logout, "bob", there.Reference, $"Ended by the user from session {here.Reference}", null),
                (AuditEventType.ReauthenticationRequired, "bob", there.Reference, audit[1].Detail, "BROWSER"),
            },
            audit.Select(e => (e.Type, e.Username, e.SessionReference, e.Detail, e.Code)));
        Assert.Contains("signed out there by the user from another browser", audit[1].Detail);
        Assert.All(audit, e => Assert.Equal((BobsBrowser.ClientIp, Now), (e.ClientIp, e.OccurredAt)));
    }

    private async Task<bool> End(SeededSession session, SeededSession current)
    {
        await using var db = Database.NewContext();
        var bobHere = BobsBrowser with { Username = "bob", SessionReference = current.Reference };
        return await new EndOwnSessionHandler(db, db.Audit(bobHere, Clock), bobHere, Clock)
            .Handle(new EndOwnSessionCommand(session.Reference), default);
    }
}
