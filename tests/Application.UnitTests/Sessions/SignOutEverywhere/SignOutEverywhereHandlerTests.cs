using CasPortal.Application.Common.Cas;
using CasPortal.Application.Sessions.SignOutEverywhere;
using Moq;

namespace CasPortal.Application.UnitTests.Sessions.SignOutEverywhere;

/// <summary>A user ends all their sessions, must type a password at the next sign-in, and signs out at the CAS server.</summary>
public sealed class SignOutEverywhereHandlerTests : DatabaseTest
{
    private static readonly Uri CasLogout = new("https://cas.example.edu/cas/logout?service=x");

    [Fact]
    public async Task Signing_out_everywhere_ends_every_session_requires_the_password_and_signs_out_at_CAS()
    {
        var here = await Database.SeedSessionAsync("bob", Now);
        var there = await Database.SeedSessionAsync("bob", Now, browserIdHash: Laptop);
        var carol = await Database.SeedSessionAsync("carol", Now);

        Assert.Equal(new SignOutEverywhereResult(2, CasLogout), await SignOut("bob"));

        Assert.Equal(SessionEndReason.Logout, (await RowOf(here)).EndReason);
        Assert.Equal(SessionEndReason.Logout, (await RowOf(there)).EndReason);
        Assert.Null((await RowOf(carol)).EndedAt);
        var requirement = await Database.NewContext().ReauthenticationRequirements.SingleAsync();
        Assert.Equal((ReauthenticationScope.User, "bob", "bob"), (requirement.Scope, requirement.Username, requirement.SetBy));
    }

    [Fact]
    public async Task Each_ended_session_is_audited_as_signed_out_everywhere_and_then_the_requirement()
    {
        var here = await Database.SeedSessionAsync("bob", Now);
        await Database.SeedSessionAsync("carol", Now);

        await SignOut("bob");

        var audit = await Database.NewContext().AuditEvents.OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(
            new (AuditEventType, string?, string?, string?)[]
            {
                (AuditEventType.Logout, "bob", here.Reference, null),
                (AuditEventType.ReauthenticationRequired, "bob", null, "USER"),
            },
            audit.Select(e => (e.Type, e.Username, e.SessionReference, e.Code)));
        Assert.Equal("Signed out everywhere by the user", audit[0].Detail);
        Assert.Contains("the user signed out everywhere", audit[1].Detail);
    }

    [Fact]
    public async Task With_no_session_left_the_password_is_still_required_and_CAS_still_signs_out()
    {
        var ended = await Database.SeedSessionAsync("bob", Now);
        await EndAsync(ended);

        Assert.Equal(new SignOutEverywhereResult(0, CasLogout), await SignOut("bob"));

        Assert.Equal(ReauthenticationScope.User, (await Database.NewContext().ReauthenticationRequirements.SingleAsync()).Scope);
    }

    private async Task<SignOutEverywhereResult> SignOut(string username)
    {
        var cas = new Mock<ICasGateway>(MockBehavior.Strict);
        cas.Setup(c => c.BuildLogoutUrl("https://portal.example.edu/logout-callback")).Returns(CasLogout);
        await using var db = Database.NewContext();
        var request = FakeRequestContext.None with { Username = username };
        return await new SignOutEverywhereHandler(cas.Object, db, db.Audit(request, Clock), request, TestOptions.Portal(), Clock)
            .Handle(new SignOutEverywhereCommand(), default);
    }
}
