using CasPortal.Application.Sessions;
using CasPortal.Application.Sessions.RevokeUserSessions;

namespace CasPortal.Application.UnitTests.Sessions.RevokeUserSessions;

/// <summary>An administrator ends every session of one user, and may make every browser of theirs type a password again.</summary>
public sealed class RevokeUserSessionsHandlerTests : DatabaseTest
{
    [Fact]
    public async Task Revoking_a_user_ends_every_active_session_of_that_user_and_no_one_else()
    {
        await Database.SeedSessionAsync("bob", Now);
        await Database.SeedSessionAsync("bob", Now);
        var carol = await Database.SeedSessionAsync("carol", Now);

        Assert.Equal(2, (await Revoke("bob", "alice")).EndedSessions);

        await using var read = Database.NewContext();
        Assert.All(await read.Sessions.Where(s => s.Username == "bob").ToListAsync(), s => Assert.Equal(SessionEndReason.AdminRevoked, s.EndReason));
        Assert.Null((await RowOf(carol)).EndedAt);
        Assert.Equal(2, await read.AuditEvents.CountAsync(e => e.Type == AuditEventType.SessionRevoked && e.Username == "bob"));
    }

    [Fact]
    public async Task Revoking_without_a_requirement_records_none()
    {
        await Database.SeedSessionAsync("carol", Now);

        await Revoke("carol", "alice");

        Assert.Empty(Database.NewContext().ReauthenticationRequirements);
    }

    [Fact]
    public async Task Revoking_every_session_with_a_requirement_binds_the_user_and_a_second_time_moves_it_on()
    {
        await Database.SeedSessionAsync("bob", Now);
        Assert.Equal(new RevocationOutcome(1, "bob", ReauthenticationScope.User), await Revoke("bob", "alice", requireReauthentication: true));

        Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, (await Revoke("bob", "carol", requireReauthentication: true)).EndedSessions);

        await using var read = Database.NewContext();
        var requirement = await read.ReauthenticationRequirements.SingleAsync();
        Assert.Equal((ReauthenticationScope.User, "bob", "carol", Now), (requirement.Scope, requirement.Username, requirement.SetBy, requirement.SetAt));
        Assert.Equal(2, await read.AuditEvents.CountAsync(e => e.Type == AuditEventType.ReauthenticationRequired && e.Code == "USER"));
    }

    [Fact]
    public async Task Revoking_a_user_who_never_signed_in_changes_nothing_and_is_audited()
    {
        await Database.SeedSessionAsync("bob", Now);

        Assert.Equal(RevocationOutcome.NotFound, await Revoke("bobb", "alice", requireReauthentication: true));

        await using var read = Database.NewContext();
        Assert.Empty(read.ReauthenticationRequirements);
        Assert.Null((await read.Sessions.SingleAsync()).EndedAt);
        var audit = await read.AuditEvents.SingleAsync();
        Assert.Equal((AuditEventType.RequestRejected, "UNKNOWN_USER", "192.0.2.50"), (audit.Type, audit.Code, audit.ClientIp));
    }

    private async Task<RevocationOutcome> Revoke(string username, string administrator, bool requireReauthentication = false)
    {
        await using var db = Database.NewContext();
        var request = AdminBrowser with { Username = administrator };
        return await new RevokeUserSessionsHandler(db, db.Audit(request, Clock), request, Clock)
            .Handle(new RevokeUserSessionsCommand(username, requireReauthentication), default);
    }
}
