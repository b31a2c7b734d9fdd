using CasPortal.Application.Authentication.Logout;
using CasPortal.Application.Common.Cas;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace CasPortal.Application.UnitTests.Authentication.Logout;

public sealed class LogoutHandlerTests : IDisposable
{
    private static readonly Uri CasLogout = new("https://cas.example.edu/cas/logout?service=x");
    private readonly TestDatabase _database = new();
    private readonly Mock<ICasGateway> _cas = new(MockBehavior.Strict);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    public LogoutHandlerTests() =>
        _cas.Setup(c => c.BuildLogoutUrl("https://portal.example.edu/logout-callback")).Returns(CasLogout);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Ends_the_session_records_it_and_sends_the_browser_to_CAS_logout()
    {
        var id = await _database.SeedSessionAsync("alice", _clock.GetUtcNow().UtcDateTime);

        var result = await Handle(new LogoutCommand(id.Id), new FakeRequestContext("192.0.2.9", "Edge"));

        Assert.Same(CasLogout, result.CasLogoutUrl);
        using var db = _database.NewContext();
        var session = await db.Sessions.FindAsync(id.IdHash);
        Assert.Equal(SessionEndReason.Logout, session!.EndReason);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, session.EndedAt);
        var audit = Assert.Single(db.AuditEvents);
        Assert.Equal((AuditEventType.Logout, "alice", id.Reference), (audit.Type, audit.Username, audit.SessionReference));
    }

    [Fact]
    public async Task Without_a_session_it_still_ends_the_single_sign_on_and_records_nothing()
    {
        var result = await Handle(new LogoutCommand(null));

        Assert.Same(CasLogout, result.CasLogoutUrl);
        using var db = _database.NewContext();
        Assert.Empty(db.AuditEvents);
    }

    [Fact]
    public async Task A_second_logout_of_the_same_session_changes_nothing()
    {
        var id = await _database.SeedSessionAsync("alice", _clock.GetUtcNow().UtcDateTime);
        await Handle(new LogoutCommand(id.Id));
        _clock.Advance(TimeSpan.FromMinutes(1));

        await Handle(new LogoutCommand(id.Id));

        using var db = _database.NewContext();
        Assert.Single(db.AuditEvents);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime.AddMinutes(-1), (await db.Sessions.FindAsync(id.IdHash))!.EndedAt);
    }

    [Fact]
    public async Task A_sign_out_recorded_late_keeps_the_time_the_user_asked_and_says_it_was_late()
    {
        var id = await _database.SeedSessionAsync("alice", _clock.GetUtcNow().UtcDateTime);
        var askedAt = _clock.GetUtcNow().UtcDateTime.AddMinutes(1);
        _clock.Advance(TimeSpan.FromMinutes(3));

        var result = await Handle(new LogoutCommand(id.Id, SignedOutAt: askedAt));

        Assert.True(result.Recorded);
        using var db = _database.NewContext();
        Assert.Equal(askedAt, (await db.Sessions.FindAsync(id.IdHash))!.EndedAt);
        Assert.Contains("recorded late", Assert.Single(db.AuditEvents).Detail);
    }

    private async Task<LogoutResult> Handle(LogoutCommand command, FakeRequestContext? request = null)
    {
        using var db = _database.NewContext();
        db.Audit(request ?? FakeRequestContext.None, _clock);
        return await new LogoutHandler(_cas.Object, db, TestOptions.Portal(), _clock).Handle(command, CancellationToken.None);
    }
}
