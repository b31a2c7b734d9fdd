using CasPortal.Application.Sessions.LiftReauthentication;

namespace CasPortal.Application.UnitTests.Sessions.LiftReauthentication;

/// <summary>An administrator lifts every password requirement on a user, so single sign-on may sign them in again.</summary>
public sealed class LiftReauthenticationHandlerTests : DatabaseTest
{
    [Fact]
    public async Task Lifting_removes_every_requirement_on_the_user_and_audits_each()
    {
        await Require(
            ReauthenticationRequirement.ForUser("bob", "alice", "revoked", Now),
            ReauthenticationRequirement.ForBrowser("bob", Laptop, "Firefox", "alice", "revoked", Now),
            ReauthenticationRequirement.ForUser("carol", "alice", "revoked", Now));

        Assert.Equal(2, await Lift("bob"));

        await using var read = Database.NewContext();
        Assert.Equal("carol", (await read.ReauthenticationRequirements.SingleAsync()).Username);
        var lifted = await read.AuditEvents.Where(e => e.Type == AuditEventType.ReauthenticationLifted).ToListAsync();
        Assert.Equal(2, lifted.Count);
        Assert.All(lifted, e => Assert.Equal(("bob", "ADMINISTRATOR"), (e.Username, e.Code)));
        Assert.All(lifted, e => Assert.StartsWith("Lifted by alice", e.Detail));
    }

    [Theory]
    [InlineData("bob", "NO_REQUIREMENT")]
    [InlineData("nobody", "UNKNOWN_USER")]
    public async Task Lifting_where_there_is_nothing_to_lift_changes_nothing_and_is_audited(string username, string code)
    {
        await Database.SeedSessionAsync("bob", Now);
        await Require(ReauthenticationRequirement.ForUser("carol", "alice", "revoked", Now));

        Assert.Equal(0, await Lift(username));

        await using var read = Database.NewContext();
        Assert.Single(read.ReauthenticationRequirements);
        var audit = await read.AuditEvents.SingleAsync();
        Assert.Equal((AuditEventType.RequestRejected, code), (audit.Type, audit.Code));
    }

    private async Task Require(params ReauthenticationRequirement[] requirements)
    {
        await using var db = Database.NewContext();
        db.ReauthenticationRequirements.AddRange(requirements);
        await db.SaveChangesAsync();
    }

    private async Task<int> Lift(string username)
    {
        await using var db = Database.NewContext();
        return await new LiftReauthenticationHandler(db, db.Audit(AdminBrowser, Clock), AdminBrowser).Handle(new LiftReauthenticationCommand(username), default);
    }
}
