using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Models;
using CasPortal.Application.Proxy.GetProxyTicket;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Proxy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace CasPortal.Application.UnitTests.Proxy.GetProxyTicket;

public sealed class GetProxyTicketHandlerTests : IDisposable
{
    private const string Target = "https://mail.example.edu/inbox";
    private static readonly FakeRequestContext Origin = new("192.0.2.7", "Firefox");
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private readonly Mock<ICasGateway> _cas = new(MockBehavior.Strict);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task The_sessions_newest_proxy_granting_ticket_buys_a_proxy_ticket_and_the_issue_is_audited()
    {
        var session = await _database.SeedSessionAsync("alice", Now);
        await BindAsync(session, "PGTIOU-1-old", "PGT-1-old", Now);
        await BindAsync(session, "PGTIOU-2-new", "PGT-2-new", Now.AddMinutes(1));
        _cas.Setup(c => c.RequestProxyTicketAsync("PGT-2-new", Target, It.IsAny<CancellationToken>()))
            .ReturnsAsync(ProxyTicketResult.Success("PT-1-for-mail"));

        var result = await Handle(session);

        Assert.Equal("PT-1-for-mail", result.ProxyTicket);
        var audit = await SingleAuditAsync();
        Assert.Equal(
            (AuditEventType.ProxyTicketIssued, "alice", session.Reference, "192.0.2.7", "Firefox", $"For {Target}"),
            (audit.Type, audit.Username, audit.SessionReference, audit.ClientIp, audit.UserAgent, audit.Detail));
        Assert.DoesNotContain("PT-1-for-mail", audit.Detail);
    }

    [Fact]
    public async Task A_session_without_a_proxy_granting_ticket_is_refused_without_asking_the_CAS_server()
    {
        var session = await _database.SeedSessionAsync("alice", Now);
        var other = await _database.SeedSessionAsync("bob", Now);
        await BindAsync(other, "PGTIOU-9-bob", "PGT-9-bob", Now);

        var result = await Handle(session);

        Assert.Null(result.ProxyTicket);
        Assert.Equal(GetProxyTicketHandler.NoProxyGrantingTicket, result.Failure!.Code);
        var audit = await SingleAuditAsync();
        Assert.Equal((AuditEventType.ProxyTicketRefused, GetProxyTicketHandler.NoProxyGrantingTicket), (audit.Type, audit.Code));
        _cas.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_refusal_by_the_CAS_server_comes_back_with_its_code_and_is_audited()
    {
        var session = await _database.SeedSessionAsync("alice", Now);
        await BindAsync(session, "PGTIOU-1-a", "PGT-1-a", Now);
        _cas.Setup(c => c.RequestProxyTicketAsync("PGT-1-a", Target, It.IsAny<CancellationToken>()))
            .ReturnsAsync(ProxyTicketResult.Failed(CasFailureKind.TicketRejected, "UNAUTHORIZED_SERVICE", "not allowed to proxy"));

        var result = await Handle(session);

        Assert.Equal("UNAUTHORIZED_SERVICE", result.Failure!.Code);
        var audit = await SingleAuditAsync();
        Assert.Equal(
            (AuditEventType.ProxyTicketRefused, "UNAUTHORIZED_SERVICE", $"For {Target}: not allowed to proxy"),
            (audit.Type, audit.Code, audit.Detail));
    }

    private static readonly DateTime Now = new(2026, 11, 27, 9, 0, 0, DateTimeKind.Utc);

    private async Task BindAsync(SeededSession session, string iou, string ticket, DateTime receivedAt)
    {
        await using var db = _database.NewContext();
        var pgt = new ProxyGrantingTicket(iou, ticket, receivedAt);
        Assert.True(pgt.BindTo(session.IdHash, receivedAt));
        db.ProxyGrantingTickets.Add(pgt);
        await db.SaveChangesAsync();
    }

    private async Task<ProxyTicketResult> Handle(SeededSession session)
    {
        await using var db = _database.NewContext();
        var username = (await db.Sessions.SingleAsync(s => s.IdHash == session.IdHash)).Username;
        return await new GetProxyTicketHandler(_cas.Object, db, db.Audit(Origin, _clock))
            .Handle(new GetProxyTicketCommand(session.Id, session.Reference, username, Target), CancellationToken.None);
    }

    private async Task<AuditEvent> SingleAuditAsync()
    {
        await using var db = _database.NewContext();
        return await db.AuditEvents.SingleAsync();
    }
}
