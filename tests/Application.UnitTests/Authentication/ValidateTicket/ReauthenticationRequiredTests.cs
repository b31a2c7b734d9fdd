using CasPortal.Application.Authentication.ValidateTicket;
using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Options;
using CasPortal.Application.Sessions;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace CasPortal.Application.UnitTests.Authentication.ValidateTicket;

/// <summary>A sign-in of a user, or from a browser, under a re-authentication requirement.</summary>
public sealed class ReauthenticationRequiredTests : IDisposable
{
    private const string Ticket = "ST-1-abcdefghijklmnop-cas.example.edu";
    private const string Service = "https://portal.example.edu/login";
    private const string RenewService = "https://portal.example.edu/login?renew=1";
    private static readonly string Laptop = new('a', 64);
    private static readonly string Phone = new('b', 64);
    private static readonly FakeRequestContext Browser = new("192.0.2.7", "Mozilla/5.0");

    private readonly TestDatabase _database = new();
    private readonly Mock<ICasGateway> _cas = new(MockBehavior.Strict);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task A_single_sign_on_ticket_for_a_user_under_a_requirement_starts_no_session_and_restarts_with_renew()
    {
        await RequireAsync(ReauthenticationRequirement.ForUser("bob", "alice", "revoked", Now));
        _clock.Advance(TimeSpan.FromMinutes(1));
        CasAnswers("bob", Service + "?next=%2Fx", renew: false);

        var result = await Handle(new ValidateTicketCommand(Ticket, "/x", false, null, BrowserIdHash: Laptop, StartedInThisBrowser: true));

        Assert.Equal(new ValidateTicketResult.RestartLogin("/x", Renew: true), result);
        await using var db = _database.NewContext();
        Assert.Empty(db.Sessions);
        Assert.Single(db.ReauthenticationRequirements);
        var audit = await db.AuditEvents.SingleAsync();
        Assert.Equal((AuditEventType.SignInRestartedForReauthentication, "bob", Reauthentication.RestartCode), (audit.Type, audit.Username, audit.Code));
        Assert.Contains("set by alice", audit.Detail);
        Assert.DoesNotContain(Ticket, audit.Detail);
    }

    [Fact]
    public async Task A_ticket_validated_with_renew_signs_in_clears_the_requirement_and_says_so_in_the_audit()
    {
        await RequireAsync(ReauthenticationRequirement.ForUser("bob", "alice", "revoked", Now));
        await RequireAsync(ReauthenticationRequirement.ForBrowser("bob", Laptop, "Firefox", "alice", "revoked", Now));
        CasAnswers("bob", RenewService, renew: true);

        var result = await Handle(new ValidateTicketCommand(Ticket, null, false, null, BrowserIdHash: Laptop, Renew: true, StartedInThisBrowser: true));

        var signedIn = Assert.IsType<ValidateTicketResult.SignedIn>(result);
        await using var db = _database.NewContext();
        Assert.Empty(db.ReauthenticationRequirements);
        Assert.Equal(Laptop, (await db.Sessions.SingleAsync()).BrowserIdHash);
        var audit = await db.AuditEvents.OrderBy(e => e.Id).Select(e => new { e.Type, e.Code, e.SessionReference }).ToListAsync();
        Assert.Equal(
            [AuditEventType.LoginSucceeded, AuditEventType.ReauthenticatedWithCredentials, AuditEventType.ReauthenticationLifted, AuditEventType.ReauthenticationLifted],
            audit.Select(e => e.Type));
        Assert.Equal(Reauthentication.RenewProofCode, audit[1].Code);
        Assert.All(audit, e => Assert.Equal(signedIn.SessionReference, e.SessionReference));
    }

    [Fact]
    public async Task A_CAS_3_authentication_date_after_the_requirement_saves_the_round_trip()
    {
        await RequireAsync(ReauthenticationRequirement.ForUser("bob", "alice", "revoked", Now));
        CasAnswers("bob", Service, renew: false, ("authenticationDate", "2026-11-27T09:00:05Z"), ("isFromNewLogin", "true"));

        var result = await Handle(new ValidateTicketCommand(Ticket, null, false, null, BrowserIdHash: Phone, StartedInThisBrowser: true));

        Assert.IsType<ValidateTicketResult.SignedIn>(result);
        await using var db = _database.NewContext();
        Assert.Empty(db.ReauthenticationRequirements);
        Assert.Equal(Reauthentication.AuthenticationDateProofCode,
            (await db.AuditEvents.SingleAsync(e => e.Type == AuditEventType.ReauthenticatedWithCredentials)).Code);
    }

    [Theory]
    [InlineData("2026-11-27T08:59:00Z", "false")] // single sign-on from before the requirement
    [InlineData("2026-11-27T09:00:05Z", "false")] // a date after it, but the server says this login was not new
    [InlineData("not a date", "true")]
    public async Task An_authentication_date_that_proves_nothing_restarts_with_renew(string date, string fromNewLogin)
    {
        await RequireAsync(ReauthenticationRequirement.ForUser("bob", "alice", "revoked", Now));
        CasAnswers("bob", Service, renew: false, ("authenticationDate", date), ("isFromNewLogin", fromNewLogin));

        var result = await Handle(new ValidateTicketCommand(Ticket, null, false, null, StartedInThisBrowser: true));

        Assert.Equal(new ValidateTicketResult.RestartLogin(null, Renew: true), result);
        await using var db = _database.NewContext();
        Assert.Single(db.ReauthenticationRequirements);
    }

    [Fact]
    public async Task A_browser_requirement_binds_whoever_signs_in_there_and_nobody_elsewhere()
    {
        await RequireAsync(ReauthenticationRequirement.ForBrowser("bob", Laptop, "Firefox", "alice", "revoked", Now));
        CasAnswers("carol", Service, renew: false);

        Assert.IsType<ValidateTicketResult.SignedIn>(await Handle(new ValidateTicketCommand(Ticket, null, false, null, BrowserIdHash: Phone, StartedInThisBrowser: true)));
        Assert.IsType<ValidateTicketResult.RestartLogin>(await Handle(new ValidateTicketCommand(Ticket + "2", null, false, null, BrowserIdHash: Laptop, StartedInThisBrowser: true)));
        CasAnswers("bob", Service, renew: false);
        Assert.IsType<ValidateTicketResult.SignedIn>(await Handle(new ValidateTicketCommand(Ticket + "3", null, false, null, BrowserIdHash: Phone, StartedInThisBrowser: true)));
    }

    [Fact]
    public async Task A_requirement_set_again_after_it_was_read_is_not_cleared_by_the_older_proof()
    {
        var requirement = ReauthenticationRequirement.ForUser("bob", "alice", "revoked", Now);
        await RequireAsync(requirement);
        await using (var db = _database.NewContext())
        {
            var stale = await db.ReauthenticationRequirements.AsNoTracking().SingleAsync();
            var row = await db.ReauthenticationRequirements.SingleAsync();
            row.SetAgain("alice", "revoked again", Now.AddMinutes(1));
            await db.SaveChangesAsync();
            await Reauthentication.ClearAsync(db, [stale], default);
        }

        await using var read = _database.NewContext();
        Assert.Equal(Now.AddMinutes(1), (await read.ReauthenticationRequirements.SingleAsync()).SetAt);
    }

    private async Task RequireAsync(ReauthenticationRequirement requirement)
    {
        await using var db = _database.NewContext();
        db.ReauthenticationRequirements.Add(requirement);
        await db.SaveChangesAsync();
    }

    private void CasAnswers(string username, string expectedService, bool renew, params (string Name, string Value)[] attributes) =>
        _cas.Setup(c => c.ValidateServiceTicketAsync(It.IsAny<string>(), expectedService, renew, It.IsAny<CancellationToken>()))
            .ReturnsAsync(CasValidationResult.Success(new CasAssertion(
                username, attributes.ToDictionary(a => a.Name, a => (IReadOnlyList<string>)[a.Value]))));

    private async Task<ValidateTicketResult> Handle(ValidateTicketCommand command)
    {
        await using var db = _database.NewContext();
        var handler = new ValidateTicketHandler(_cas.Object, db, db.Audit(Browser, _clock), Browser, TestOptions.Portal(), TestOptions.Sessions(), Options.Create(new CasOptions()), _clock);
        return await handler.Handle(command, CancellationToken.None);
    }
}
