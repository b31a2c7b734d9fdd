using CasPortal.Application.Authentication.ValidateTicket;
using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Options;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Proxy;
using CasPortal.Domain.Sessions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Options;
using Moq;

namespace CasPortal.Application.UnitTests.Authentication.ValidateTicket;

public sealed class ValidateTicketHandlerTests : IDisposable
{
    private const string Ticket = "ST-1-abcdefghijklmnop-cas.example.edu";
    private static readonly FakeRequestContext Browser = new("192.0.2.7", "Mozilla/5.0");

    private readonly TestDatabase _database = new();
    private readonly Mock<ICasGateway> _cas = new(MockBehavior.Strict);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_valid_ticket_starts_a_session_holding_the_users_attributes_and_the_tickets_hash()
    {
        CasAnswers(CasValidationResult.Success(new CasAssertion("alice", new Dictionary<string, IReadOnlyList<string>>
        {
            ["memberOf"] = ["staff", "admins"],
            ["mail"] = ["alice@example.edu"],
        })), expectedService: "https://portal.example.edu/login?next=%2Fx");

        var result = await Handle(new ValidateTicketCommand(Ticket, "/x", false, null, StartedInThisBrowser: true));

        var signedIn = Assert.IsType<ValidateTicketResult.SignedIn>(result);
        Assert.Equal("alice", signedIn.Username);
        Assert.Equal("/x", signedIn.RedirectTo);

        using var db = _database.NewContext();
        var session = Assert.Single(db.Sessions);
        Assert.Equal(PortalSession.HashOfId(signedIn.SessionId), session.IdHash);
        Assert.NotEqual(signedIn.SessionId, session.IdHash);
        Assert.Equal(signedIn.SessionReference, session.Reference);
        Assert.Equal(["staff", "admins"], session.Attributes["memberOf"]);
        Assert.Equal(TicketHash.Of(Ticket), session.ServiceTicketHash);
        Assert.DoesNotContain(Ticket, session.ServiceTicketHash);
        Assert.Equal("192.0.2.7", session.ClientIp);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime.AddMinutes(30), session.IdleExpiresAt);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime.AddHours(8), session.AbsoluteExpiresAt);

        var audit = Assert.Single(db.AuditEvents);
        Assert.Equal(AuditEventType.LoginSucceeded, audit.Type);
        Assert.Equal("alice", audit.Username);
        Assert.Equal(session.Reference, audit.SessionReference);
        Assert.DoesNotContain(Ticket, audit.Detail);
    }

    [Theory]
    [InlineData("//evil.com")]
    [InlineData("javascript:alert(1)")]
    [InlineData(null)]
    public async Task A_return_path_that_is_not_local_lands_on_the_profile(string? next)
    {
        CasAnswers(CasValidationResult.Success(new CasAssertion("bob", new Dictionary<string, IReadOnlyList<string>>())),
            expectedService: "https://portal.example.edu/login");

        var result = await Handle(new ValidateTicketCommand(Ticket, next, false, null, StartedInThisBrowser: true));

        Assert.Equal("/profile", Assert.IsType<ValidateTicketResult.SignedIn>(result).RedirectTo);
    }

    [Fact]
    public async Task Every_sign_in_gets_a_new_session_and_ends_the_one_the_browser_held()
    {
        CasAnswers(CasValidationResult.Success(new CasAssertion("bob", new Dictionary<string, IReadOnlyList<string>>())));
        var first = Assert.IsType<ValidateTicketResult.SignedIn>(await Handle(new ValidateTicketCommand(Ticket, null, false, null, StartedInThisBrowser: true)));

        var second = Assert.IsType<ValidateTicketResult.SignedIn>(
            await Handle(new ValidateTicketCommand(Ticket + "2", null, false, first.SessionId, StartedInThisBrowser: true)));

        Assert.NotEqual(first.SessionId, second.SessionId);
        using var db = _database.NewContext();
        var old = await db.Sessions.FindAsync(PortalSession.HashOfId(first.SessionId));
        Assert.Equal(SessionEndReason.Replaced, old!.EndReason);
        Assert.Null((await db.Sessions.FindAsync(PortalSession.HashOfId(second.SessionId)))!.EndedAt);
    }

    [Fact]
    public async Task A_replayed_ticket_restarts_sign_in_once_then_shows_the_failure()
    {
        CasAnswers(CasValidationResult.Failed(CasFailureKind.TicketRejected, CasFailureCodes.InvalidTicket, "Ticket [ticket] not recognized"),
            expectedService: "https://portal.example.edu/login?next=%2Fx");

        var first = await Handle(new ValidateTicketCommand(Ticket, "/x", IsRetry: false, null, StartedInThisBrowser: true));
        var second = await Handle(new ValidateTicketCommand(Ticket, "/x", IsRetry: true, null, StartedInThisBrowser: true));

        Assert.Equal("/x", Assert.IsType<ValidateTicketResult.RestartLogin>(first).ReturnUrl);
        var failed = Assert.IsType<ValidateTicketResult.Failed>(second);
        Assert.Equal(CasFailureKind.TicketRejected, failed.Kind);

        using var db = _database.NewContext();
        Assert.Empty(db.Sessions);
        var audits = db.AuditEvents.OrderBy(a => a.Id).ToList();
        Assert.All(audits, a => Assert.Equal(AuditEventType.LoginFailed, a.Type));
        Assert.All(audits, a => Assert.StartsWith("INVALID_TICKET", a.Detail));
        Assert.All(audits, a => Assert.DoesNotContain(Ticket, a.Detail));
    }

    [Theory]
    [InlineData(CasFailureKind.TicketRejected, CasFailureCodes.InvalidService)]
    [InlineData(CasFailureKind.ServerError, CasFailureCodes.Malformed)]
    [InlineData(CasFailureKind.ServerError, CasFailureCodes.Unreachable)]
    [InlineData(CasFailureKind.Timeout, CasFailureCodes.Timeout)]
    public async Task Other_failures_are_reported_with_their_kind_and_audited_with_their_code(CasFailureKind kind, string code)
    {
        CasAnswers(CasValidationResult.Failed(kind, code, "What went wrong."));

        var result = await Handle(new ValidateTicketCommand(Ticket, null, false, null, StartedInThisBrowser: true));

        var failed = Assert.IsType<ValidateTicketResult.Failed>(result);
        Assert.Equal(kind, failed.Kind);
        Assert.False(string.IsNullOrWhiteSpace(failed.Message));
        using var db = _database.NewContext();
        var audit = Assert.Single(db.AuditEvents);
        Assert.Equal(AuditEventType.LoginFailed, audit.Type);
        Assert.StartsWith(code, audit.Detail);
        Assert.Equal("192.0.2.7", audit.ClientIp);
    }

    [Fact]
    public async Task An_absurdly_long_username_from_the_server_is_refused()
    {
        CasAnswers(CasValidationResult.Success(new CasAssertion(new string('u', 300), new Dictionary<string, IReadOnlyList<string>>())));

        var result = await Handle(new ValidateTicketCommand(Ticket, null, false, null, StartedInThisBrowser: true));

        Assert.IsType<ValidateTicketResult.Failed>(result);
        using var db = _database.NewContext();
        Assert.Empty(db.Sessions);
    }

    [Fact]
    public async Task The_validation_sends_the_service_with_the_state_the_sign_in_started_with()
    {
        const string state = "AAAAAAAAAAAAAAAAAAAAAA";
        CasAnswers(CasValidationResult.Success(new CasAssertion("bob", new Dictionary<string, IReadOnlyList<string>>())),
            expectedService: "https://portal.example.edu/login?next=%2Fx&state=" + state);

        var result = await Handle(new ValidateTicketCommand(Ticket, "/x", false, null, SignInState: state, StartedInThisBrowser: true));

        Assert.IsType<ValidateTicketResult.SignedIn>(result);
    }

    [Fact]
    public async Task A_ticket_this_browser_did_not_ask_for_is_never_validated_and_restarts_sign_in_once()
    {
        // The strict CAS mock has no setup: any validation call would throw.
        var first = await Handle(new ValidateTicketCommand(Ticket, "/x", IsRetry: false, null, SignInState: "AAAAAAAAAAAAAAAAAAAAAA"));
        var second = await Handle(new ValidateTicketCommand(Ticket, "/x", IsRetry: true, null));

        Assert.Equal("/x", Assert.IsType<ValidateTicketResult.RestartLogin>(first).ReturnUrl);
        Assert.Equal(CasFailureKind.TicketRejected, Assert.IsType<ValidateTicketResult.Failed>(second).Kind);
        using var db = _database.NewContext();
        Assert.Empty(db.Sessions);
        Assert.All(db.AuditEvents, a => Assert.Equal(ValidateTicketHandler.SignInNotStartedHereCode, a.Code));
        Assert.All(db.AuditEvents, a => Assert.DoesNotContain(Ticket, a.Detail));
        _cas.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_ticket_this_browser_did_not_ask_for_leaves_its_session_alone()
    {
        CasAnswers(CasValidationResult.Success(new CasAssertion("admin", new Dictionary<string, IReadOnlyList<string>>())));
        var victim = Assert.IsType<ValidateTicketResult.SignedIn>(
            await Handle(new ValidateTicketCommand(Ticket, null, false, null, StartedInThisBrowser: true)));

        var result = await Handle(new ValidateTicketCommand(Ticket + "-attacker", "/x", false, victim.SessionId));

        Assert.Equal("/x", Assert.IsType<ValidateTicketResult.KeptSession>(result).RedirectTo);
        using var db = _database.NewContext();
        var session = Assert.Single(db.Sessions);
        Assert.Null(session.EndedAt);
        _cas.Verify(c => c.ValidateServiceTicketAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Required_proxy_granting_ticket_that_did_not_come_is_a_rejection()
    {
        const string iou = "PGTIOU-84678-8a9d2sfa23casd";
        var required = new CasOptions { ProxyCallbackUrl = "https://portal.example.edu/proxy-callback", RequireProxyGrantingTicket = true };
        await using (var db = _database.NewContext())
        {
            db.ProxyGrantingTickets.Add(new ProxyGrantingTicket(iou, "PGT-1-delivered", _clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        }

        CasAnswers(CasValidationResult.Success(new CasAssertion("alice", new Dictionary<string, IReadOnlyList<string>>())));
        var without = await Handle(new ValidateTicketCommand(Ticket, null, false, null, StartedInThisBrowser: true), required);
        CasAnswers(CasValidationResult.Success(new CasAssertion("alice", new Dictionary<string, IReadOnlyList<string>>(), iou)));
        var with = await Handle(new ValidateTicketCommand(Ticket, null, false, null, StartedInThisBrowser: true), required);

        Assert.Equal(CasFailureKind.TicketRejected, Assert.IsType<ValidateTicketResult.Failed>(without).Kind);
        Assert.IsType<ValidateTicketResult.SignedIn>(with);
        using var read = _database.NewContext();
        Assert.StartsWith(CasFailureCodes.ProxyGrantingTicketMissing, read.AuditEvents.Single(a => a.Type == AuditEventType.LoginFailed).Detail);
    }

    private void CasAnswers(CasValidationResult result, string expectedService = "https://portal.example.edu/login", bool renew = false) =>
        _cas.Setup(c => c.ValidateServiceTicketAsync(It.IsAny<string>(), expectedService, renew, It.IsAny<CancellationToken>()))
            .ReturnsAsync(result);

    private async Task<ValidateTicketResult> Handle(ValidateTicketCommand command, CasOptions? casOptions = null)
    {
        using var db = _database.NewContext();
        var handler = new ValidateTicketHandler(_cas.Object, db, db.Audit(Browser, _clock), Browser, TestOptions.Portal(), TestOptions.Sessions(), Options.Create(casOptions ?? new CasOptions()), _clock);
        return await handler.Handle(command, CancellationToken.None);
    }
}
