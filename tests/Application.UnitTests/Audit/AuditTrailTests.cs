using CasPortal.Application.Audit;
using CasPortal.Application.Common.Cas;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace CasPortal.Application.UnitTests.Audit;

/// <summary>What the audit trail writes for each thing that happens, and in what order.</summary>
public sealed class AuditTrailTests
{
    private static readonly FakeRequestContext AdminBrowser = new("192.0.2.50", "Admin browser");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    public static TheoryData<SessionEndReason, string?, string?, AuditEventType, string> Ends => new()
    {
        { SessionEndReason.Logout, null, null, AuditEventType.Logout, "Signed out by the user" },
        { SessionEndReason.Logout, null, "Signed out everywhere by the user", AuditEventType.Logout, "Signed out everywhere by the user" },
        { SessionEndReason.Replaced, null, null, AuditEventType.Logout, "Replaced by a new sign-in in the same browser" },
        { SessionEndReason.AdminRevoked, "alice", "Every session of the user revoked", AuditEventType.SessionRevoked, "Every session of the user revoked by alice" },
        { SessionEndReason.AdminRevoked, "alice", null, AuditEventType.SessionRevoked, "Session revoked by alice" },
        {
            SessionEndReason.SingleLogout, null, "BackChannel logout request from the CAS server", AuditEventType.SingleLogout,
            $"BackChannel logout request from the CAS server (ticket #{TicketHash.Short(TicketHash.Of("ST-1-abc"))})"
        },
    };

    [Theory]
    [MemberData(nameof(Ends))]
    public void A_session_ended_by_a_request_is_recorded_with_its_words_and_the_requests_origin(
        SessionEndReason reason, string? endedBy, string? how, AuditEventType type, string detail)
    {
        var session = Session();
        session.End(Now, reason, endedBy, how);

        var audit = Assert.Single(new AuditTrail(AdminBrowser, _clock).TakeRecords(session.TakeDomainEvents()));

        Assert.Equal(
            (type, "bob", session.Reference, detail, "192.0.2.50", "Admin browser", Now),
            (audit.Type, audit.Username, audit.SessionReference, audit.Detail, audit.ClientIp, audit.UserAgent, audit.OccurredAt));
    }

    [Theory]
    [InlineData(31, "Idle timeout reached")]
    [InlineData(8 * 60, "Absolute lifetime reached")]
    public void An_expired_session_is_recorded_without_the_origin_of_the_request_that_noticed(int minutes, string detail)
    {
        var session = Session();
        session.End(Now.AddMinutes(minutes), SessionEndReason.Expired);

        var audit = Assert.Single(new AuditTrail(AdminBrowser, _clock).TakeRecords(session.TakeDomainEvents()));

        Assert.Equal((AuditEventType.SessionExpired, detail, null, null), (audit.Type, audit.Detail, audit.ClientIp, audit.UserAgent));
    }

    [Fact]
    public void Records_keep_the_order_things_happened_in_across_entities_and_the_use_case()
    {
        var trail = new AuditTrail(AdminBrowser, _clock);
        var first = Session();
        var second = Session();

        second.End(Now, SessionEndReason.AdminRevoked, "alice");
        trail.Record(AuditEventType.ReauthenticationRequired, "bob", detail: "requirement");
        first.End(Now, SessionEndReason.AdminRevoked, "alice");
        var records = trail.TakeRecords(first.TakeDomainEvents().Concat(second.TakeDomainEvents()));

        Assert.Equal(
            [(AuditEventType.SessionRevoked, second.Reference), (AuditEventType.ReauthenticationRequired, null), (AuditEventType.SessionRevoked, first.Reference)],
            records.Select(r => (r.Type, r.SessionReference)));
        Assert.Empty(trail.TakeRecords([]));
    }

    [Fact]
    public void A_session_raises_its_end_once_and_forgets_it_once_taken()
    {
        var session = Session();
        Assert.True(session.End(Now, SessionEndReason.Logout));
        Assert.False(session.End(Now, SessionEndReason.AdminRevoked, "alice"));

        var ended = Assert.IsType<SessionEnded>(Assert.Single(session.TakeDomainEvents()));
        Assert.Equal(SessionEndReason.Logout, ended.Reason);
        Assert.Empty(session.TakeDomainEvents());
    }

    private PortalSession Session() =>
        new(PortalSession.NewId(), "bob", TicketHash.Of("ST-1-abc"), new Dictionary<string, IReadOnlyList<string>>(),
            Now, TimeSpan.FromMinutes(30), TimeSpan.FromHours(8), "198.51.100.1", "Firefox");
}
