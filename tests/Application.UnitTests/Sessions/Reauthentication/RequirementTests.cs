using CasPortal.Application.Common.Cas;
using CasPortal.Application.Sessions;
using CasPortal.Application.Sessions.EndOwnSession;
using CasPortal.Application.Sessions.LiftReauthentication;
using CasPortal.Application.Sessions.RevokeSession;
using CasPortal.Application.Sessions.RevokeUserSessions;
using CasPortal.Application.Sessions.SignOutEverywhere;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace CasPortal.Application.UnitTests.Sessions.Reauthentication;

/// <summary>Revocations that make the person type the password again, and lifting that.</summary>
public sealed class RequirementTests : IDisposable
{
    private static readonly FakeRequestContext AdminBrowser = new("192.0.2.50", "Admin browser");
    private static readonly string Laptop = new('a', 64);
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Revoking_one_session_with_a_requirement_binds_the_browser_that_held_it()
    {
        var session = await _database.SeedSessionAsync("bob", Now, browserIdHash: Laptop);

        await using (var db = _database.NewContext())
        {
            var outcome = await new RevokeSessionHandler(db, db.Audit(AdminBrowser, _clock), _clock).Handle(new RevokeSessionCommand(session.Reference, "alice", true), default);
            Assert.Equal(new RevocationOutcome(1, "bob", ReauthenticationScope.Browser), outcome);
        }

        await using var read = _database.NewContext();
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
        var session = await _database.SeedSessionAsync("bob", Now);

        await using var db = _database.NewContext();
        var outcome = await new RevokeSessionHandler(db, db.Audit(AdminBrowser, _clock), _clock).Handle(new RevokeSessionCommand(session.Reference, "alice", true), default);

        Assert.Equal(ReauthenticationScope.User, outcome.Requirement);
        Assert.Equal(ReauthenticationScope.User, (await _database.NewContext().ReauthenticationRequirements.SingleAsync()).Scope);
    }

    [Fact]
    public async Task Revoking_without_a_requirement_records_none()
    {
        var session = await _database.SeedSessionAsync("bob", Now, browserIdHash: Laptop);
        await _database.SeedSessionAsync("carol", Now);

        await using var db = _database.NewContext();
        await new RevokeSessionHandler(db, db.Audit(AdminBrowser, _clock), _clock).Handle(new RevokeSessionCommand(session.Reference, "alice"), default);
        await new RevokeUserSessionsHandler(db, db.Audit(AdminBrowser, _clock), _clock).Handle(new RevokeUserSessionsCommand("carol", "alice"), default);

        Assert.Empty(_database.NewContext().ReauthenticationRequirements);
    }

    [Fact]
    public async Task Revoking_every_session_with_a_requirement_binds_the_user_and_a_second_time_moves_it_on()
    {
        await _database.SeedSessionAsync("bob", Now);
        await using (var db = _database.NewContext())
        {
            var outcome = await new RevokeUserSessionsHandler(db, db.Audit(AdminBrowser, _clock), _clock).Handle(new RevokeUserSessionsCommand("bob", "alice", true), default);
            Assert.Equal(new RevocationOutcome(1, "bob", ReauthenticationScope.User), outcome);
        }

        _clock.Advance(TimeSpan.FromMinutes(5));
        await using (var db = _database.NewContext())
        {
            Assert.Equal(0, (await new RevokeUserSessionsHandler(db, db.Audit(AdminBrowser, _clock), _clock).Handle(new RevokeUserSessionsCommand("bob", "carol", true), default)).EndedSessions);
        }

        await using var read = _database.NewContext();
        var requirement = await read.ReauthenticationRequirements.SingleAsync();
        Assert.Equal((ReauthenticationScope.User, "bob", "carol", Now), (requirement.Scope, requirement.Username, requirement.SetBy, requirement.SetAt));
        Assert.Equal(2, await read.AuditEvents.CountAsync(e => e.Type == AuditEventType.ReauthenticationRequired && e.Code == "USER"));
    }

    [Fact]
    public async Task Revoking_a_user_who_never_signed_in_changes_nothing_and_is_audited()
    {
        await _database.SeedSessionAsync("bob", Now);

        await using (var db = _database.NewContext())
        {
            Assert.Equal(RevocationOutcome.NotFound,
                await new RevokeUserSessionsHandler(db, db.Audit(AdminBrowser, _clock), _clock).Handle(new RevokeUserSessionsCommand("bobb", "alice", true), default));
        }

        await using var read = _database.NewContext();
        Assert.Empty(read.ReauthenticationRequirements);
        Assert.Null((await read.Sessions.SingleAsync()).EndedAt);
        var audit = await read.AuditEvents.SingleAsync();
        Assert.Equal((AuditEventType.RequestRejected, "UNKNOWN_USER", "192.0.2.50"), (audit.Type, audit.Code, audit.ClientIp));
    }

    [Fact]
    public async Task Signing_out_there_makes_that_browser_type_a_password()
    {
        var here = await _database.SeedSessionAsync("bob", Now);
        var there = await _database.SeedSessionAsync("bob", Now, browserIdHash: Laptop);

        await using (var db = _database.NewContext())
        {
            Assert.True(await new EndOwnSessionHandler(db, db.Audit(FakeRequestContext.None, _clock), _clock).Handle(new EndOwnSessionCommand(there.Reference, "bob", here.Reference), default));
        }

        var requirement = await _database.NewContext().ReauthenticationRequirements.SingleAsync();
        Assert.Equal((ReauthenticationScope.Browser, Laptop, "bob"), (requirement.Scope, requirement.BrowserIdHash, requirement.SetBy));
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_every_session_requires_the_password_and_signs_out_at_CAS()
    {
        var here = await _database.SeedSessionAsync("bob", Now);
        var there = await _database.SeedSessionAsync("bob", Now, browserIdHash: Laptop);
        var carol = await _database.SeedSessionAsync("carol", Now);
        var cas = new Mock<ICasGateway>(MockBehavior.Strict);
        var logout = new Uri("https://cas.example.edu/cas/logout?service=x");
        cas.Setup(c => c.BuildLogoutUrl("https://portal.example.edu/logout-callback")).Returns(logout);

        await using (var db = _database.NewContext())
        {
            var result = await new SignOutEverywhereHandler(cas.Object, db, db.Audit(FakeRequestContext.None, _clock), TestOptions.Portal(), _clock)
                .Handle(new SignOutEverywhereCommand("bob"), default);
            Assert.Equal(new SignOutEverywhereResult(2, logout), result);
        }

        await using var read = _database.NewContext();
        Assert.All(await read.Sessions.Where(s => s.IdHash == here.IdHash || s.IdHash == there.IdHash).ToListAsync(), s => Assert.Equal(SessionEndReason.Logout, s.EndReason));
        Assert.Null((await read.Sessions.FindAsync(carol.IdHash))!.EndedAt);
        var requirement = await read.ReauthenticationRequirements.SingleAsync();
        Assert.Equal((ReauthenticationScope.User, "bob", "bob"), (requirement.Scope, requirement.Username, requirement.SetBy));
    }

    [Fact]
    public async Task Lifting_removes_every_requirement_on_the_user_and_audits_each()
    {
        await using (var db = _database.NewContext())
        {
            db.ReauthenticationRequirements.Add(ReauthenticationRequirement.ForUser("bob", "alice", "revoked", Now));
            db.ReauthenticationRequirements.Add(ReauthenticationRequirement.ForBrowser("bob", Laptop, "Firefox", "alice", "revoked", Now));
            db.ReauthenticationRequirements.Add(ReauthenticationRequirement.ForUser("carol", "alice", "revoked", Now));
            await db.SaveChangesAsync();
        }

        await using (var db = _database.NewContext())
        {
            Assert.Equal(2, await new LiftReauthenticationHandler(db, db.Audit(AdminBrowser, _clock)).Handle(new LiftReauthenticationCommand("bob", "alice"), default));
        }

        await using var read = _database.NewContext();
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
        await _database.SeedSessionAsync("bob", Now);
        await using (var db = _database.NewContext())
        {
            db.ReauthenticationRequirements.Add(ReauthenticationRequirement.ForUser("carol", "alice", "revoked", Now));
            await db.SaveChangesAsync();
        }

        await using (var db = _database.NewContext())
        {
            Assert.Equal(0, await new LiftReauthenticationHandler(db, db.Audit(AdminBrowser, _clock)).Handle(new LiftReauthenticationCommand(username, "alice"), default));
        }

        await using var read = _database.NewContext();
        Assert.Single(read.ReauthenticationRequirements);
        var audit = await read.AuditEvents.SingleAsync();
        Assert.Equal((AuditEventType.RequestRejected, code), (audit.Type, audit.Code));
    }
}
