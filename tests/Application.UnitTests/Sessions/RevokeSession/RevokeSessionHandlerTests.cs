using CasPortal.Application.Sessions;
using CasPortal.Application.Sessions.RevokeSession;

namespace CasPortal.Application.UnitTests.Sessions.RevokeSession;

/// <summary>An administrator ends one session, and may make the browser that held it type a password again.</summary>
public sealed class RevokeSessionHandlerTests : DatabaseTest
{
    [Fact]
    public async Task Revoking_a_session_ends_only_that_session_and_records_the_administrator()
    {
        var revoked = await Database.SeedSessionAsync("bob", Now);
        var kept = await Database.SeedSessionAsync("bob", Now);

        Assert.Equal(1, (await Revoke(revoked.Reference)).EndedSessions);

        Assert.Equal(SessionEndReason.AdminRevoked, (await RowOf(revoked)).EndReason);
        Assert.Null((await RowOf(kept)).EndedAt);
        var audit = await Database.NewContext().AuditEvents.SingleAsync();
        Assert.Equal((AuditEventType.SessionRevoked, "bob", revoked.Reference), (audit.Type, audit.Username, audit.SessionReference));
        Assert.Contains("by alice", audit.Detail);
        Assert.Equal("192.0.2.50", audit.ClientIp);
    }

    [Fact]
    public async Task A_revocation_that_reaches_the_handler_with_no_signed_in_administrator_fails_and_changes_nothing()
    {
        var session = await Database.SeedSessionAsync("bob", Now);
        await using (var db = Database.NewContext())
        {
            var anonymous = AdminBrowser with { Username = null };
            await Assert.ThrowsAsync<InvalidOperationException>(async () =>
                await new RevokeSessionHandler(db, db.Audit(anonymous, Clock), anonymous, Clock).Handle(new RevokeSessionCommand(session.Reference), default));
        }

        Assert.Null((await RowOf(session)).EndedAt);
        Assert.Empty(Database.NewContext().AuditEvents);
    }

    [Fact]
    public async Task Revoking_an_unknown_or_ended_session_changes_nothing()
    {
        var id = await Database.SeedSessionAsync("bob", Now);

        Assert.Equal(RevocationOutcome.NotFound, await Revoke("nope"));
        Assert.Equal(1, (await Revoke(id.Reference)).EndedSessions);
        Assert.Equal(0, (await Revoke(id.Reference)).EndedSessions);
        Assert.Equal(1, await Database.NewContext().AuditEvents.CountAsync());
    }

    [Fact]
    public async Task Revoking_one_session_with_a_requirement_binds_the_browser_that_held_it()
    {
        var session = await Database.SeedSessionAsync("bob", Now, browserIdHash: Laptop);

        Assert.Equal(new RevocationOutcome(1, "bob", ReauthenticationScope.Browser), await Revoke(session.Reference, requireReauthentication: true));

        await using var read = Database.NewContext();
        var requirement = await read.ReauthenticationRequirements.SingleAsync();
        Assert.Equal((ReauthenticationScope.Browser, "bob", Laptop, "Firefox on the laptop", "alice", Now),
            (requirement.Scope, requirement.Username, requirement.BrowserIdHash, requirement.BrowserDescription, requirement.SetBy, requirement.SetAt));
        var audit = await read.AuditEvents.SingleAsync(e => e.Type == AuditEventType.ReauthenticationRequired);
        Assert.Equal(("bob", session.Reference, "BROWSER"), (audit.Username, audit.SessionReference, audit.Code));
        Assert.Contains("alice requires the browser", audit.Detail);
    }

    [Fact]
    public async Task A_session_that_cannot_name_its_browser_falls_back_to_the_user()
    {
        var session = await Database.SeedSessionAsync("bob", Now);

        var outcome = await Revoke(session.Reference, requireReauthentication: true);

        Assert.Equal(ReauthenticationScope.User, outcome.Requirement);
        Assert.Equal(ReauthenticationScope.User, (await Database.NewContext().ReauthenticationRequirements.SingleAsync()).Scope);
    }

    [Fact]
    public async Task Revoking_without_a_requirement_records_none()
    {
        var session = await Database.SeedSessionAsync("bob", Now, browserIdHash: Laptop);

        await Revoke(session.Reference);

        Assert.Empty(Database.NewContext().ReauthenticationRequirements);
    }

    private async Task<RevocationOutcome> Revoke(string reference, bool requireReauthentication = false)
    {
        await using var db = Database.NewContext();
        return await new RevokeSessionHandler(db, db.Audit(AdminBrowser, Clock), AdminBrowser, Clock)
            .Handle(new RevokeSessionCommand(reference, requireReauthentication), default);
    }
}
