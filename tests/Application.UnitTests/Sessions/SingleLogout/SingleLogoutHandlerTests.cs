using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Options;
using CasPortal.Application.Sessions.SingleLogout;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using CasPortal.Infrastructure.Cas;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CasPortal.Application.UnitTests.Sessions.SingleLogout;

public sealed class SingleLogoutHandlerTests : IDisposable
{
    private const string SampleTicket = "ST-42-Hq7sZ1pDx0mJk3vT9bNc-cas.example.edu";
    private static readonly FakeRequestContext CasServer = new("192.0.2.10", "Apereo CAS");
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task The_session_started_with_the_named_ticket_ends_and_the_logout_is_audited()
    {
        var target = await _database.SeedSessionAsync("alice", Now, TicketHash.Of(SampleTicket));
        var other = await _database.SeedSessionAsync("alice", Now, TicketHash.Of("ST-other"));

        var outcome = await Handle(Sample("slo-logout-request.xml"));

        Assert.Equal(SingleLogoutOutcome.Accepted, outcome);
        await using var db = _database.NewContext();
        Assert.Equal(SessionEndReason.SingleLogout, (await db.Sessions.FindAsync(target.IdHash))!.EndReason);
        Assert.Null((await db.Sessions.FindAsync(other.IdHash))!.EndedAt);
        var audit = Assert.Single(db.AuditEvents);
        Assert.Equal((AuditEventType.SingleLogout, "alice", target.Reference, "192.0.2.10"), (audit.Type, audit.Username, audit.SessionReference, audit.ClientIp));
        Assert.DoesNotContain(SampleTicket, audit.Detail);
    }

    [Fact]
    public async Task An_unknown_or_already_ended_ticket_is_accepted_and_changes_nothing()
    {
        var id = await _database.SeedSessionAsync("alice", Now, TicketHash.Of(SampleTicket));
        await Handle(Sample("slo-logout-request.xml"));
        _clock.Advance(TimeSpan.FromMinutes(1));

        var again = await Handle(Sample("slo-logout-request.xml"));
        var unknown = await Handle(Sample("slo-logout-request.xml").Replace("ST-42", "ST-43"));

        Assert.Equal(SingleLogoutOutcome.Accepted, again);
        Assert.Equal(SingleLogoutOutcome.Accepted, unknown);
        await using var db = _database.NewContext();
        Assert.Single(db.AuditEvents);
        Assert.Equal(Now.AddMinutes(-1), (await db.Sessions.FindAsync(id.IdHash))!.EndedAt);
    }

    [Fact]
    public async Task A_malformed_request_changes_nothing()
    {
        var id = await _database.SeedSessionAsync("alice", Now, TicketHash.Of(SampleTicket));

        Assert.Equal(SingleLogoutOutcome.Malformed, await Handle("<samlp:LogoutRequest"));

        await using var db = _database.NewContext();
        Assert.Null((await db.Sessions.FindAsync(id.IdHash))!.EndedAt);
    }

    [Theory]
    [InlineData("192.0.2.10", SingleLogoutOutcome.Accepted)]
    [InlineData("::ffff:192.0.2.10", SingleLogoutOutcome.Accepted)]
    [InlineData("198.51.100.7", SingleLogoutOutcome.SourceNotAllowed)]
    [InlineData(null, SingleLogoutOutcome.SourceNotAllowed)]
    public async Task With_an_allow_list_only_listed_CAS_servers_may_end_sessions(string? source, SingleLogoutOutcome expected)
    {
        var id = await _database.SeedSessionAsync("alice", Now, TicketHash.Of(SampleTicket));

        var outcome = await Handle(Sample("slo-logout-request.xml"), new FakeRequestContext(source, null), ["192.0.2.0/28"]);

        Assert.Equal(expected, outcome);
        await using var db = _database.NewContext();
        var ended = (await db.Sessions.FindAsync(id.IdHash))!.EndedAt is not null;
        Assert.Equal(expected == SingleLogoutOutcome.Accepted, ended);
        if (expected == SingleLogoutOutcome.SourceNotAllowed)
        {
            Assert.Equal(AuditEventType.SingleLogoutRefused, (await db.AuditEvents.SingleAsync()).Type);
        }
    }

    [Fact]
    public async Task The_allow_list_does_not_apply_to_the_front_channel_which_comes_from_browsers()
    {
        await _database.SeedSessionAsync("alice", Now, TicketHash.Of(SampleTicket));

        var outcome = await Handle(Sample("slo-front-channel-logoutRequest.b64"), new FakeRequestContext("198.51.100.7", null),
            ["192.0.2.0/28"], SingleLogoutChannel.FrontChannel);

        Assert.Equal(SingleLogoutOutcome.Accepted, outcome);
    }

    [Fact]
    public async Task The_front_channel_message_is_read_as_the_browser_carries_it_deflated_and_base64_encoded()
    {
        var id = await _database.SeedSessionAsync("alice", Now, TicketHash.Of(SampleTicket));

        var raw = await Handle(Sample("slo-logout-request.xml"), channel: SingleLogoutChannel.FrontChannel);
        var encoded = await Handle(Sample("slo-front-channel-logoutRequest.b64"), channel: SingleLogoutChannel.FrontChannel);

        Assert.Equal((SingleLogoutOutcome.Malformed, SingleLogoutOutcome.Accepted), (raw, encoded));
        await using var db = _database.NewContext();
        Assert.Equal(SessionEndReason.SingleLogout, (await db.Sessions.FindAsync(id.IdHash))!.EndReason);
    }

    [Fact]
    public async Task With_the_front_channel_off_a_browser_borne_request_ends_nothing_and_is_audited_while_the_back_channel_still_works()
    {
        var id = await _database.SeedSessionAsync("alice", Now, TicketHash.Of(SampleTicket));

        var front = await Handle(Sample("slo-front-channel-logoutRequest.b64"), channel: SingleLogoutChannel.FrontChannel, frontChannel: false);

        Assert.Equal(SingleLogoutOutcome.ChannelDisabled, front);
        await using (var db = _database.NewContext())
        {
            Assert.Null((await db.Sessions.FindAsync(id.IdHash))!.EndedAt);
            var refused = await db.AuditEvents.SingleAsync();
            Assert.Equal((AuditEventType.SingleLogoutRefused, "FRONT_CHANNEL_DISABLED"), (refused.Type, refused.Code));
        }

        Assert.Equal(SingleLogoutOutcome.Accepted,
            await Handle(Sample("slo-logout-request.xml"), channel: SingleLogoutChannel.BackChannel, frontChannel: false));
        await using var read = _database.NewContext();
        Assert.NotNull((await read.Sessions.FindAsync(id.IdHash))!.EndedAt);
    }

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    private static string Sample(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sessions", "SingleLogout", "Samples", name)).Trim();

    private async Task<SingleLogoutOutcome> Handle(
        string xml, FakeRequestContext? origin = null, List<string>? allowedSources = null,
        SingleLogoutChannel channel = SingleLogoutChannel.BackChannel, bool frontChannel = true)
    {
        await using var db = _database.NewContext();
        var options = Options.Create(new SingleLogoutOptions { AllowedSources = allowedSources ?? [], FrontChannel = frontChannel });
        var request = origin ?? CasServer;
        return await new SingleLogoutHandler(db, db.Audit(request, _clock), request, options, new LogoutRequestReader(), _clock)
            .Handle(new SingleLogoutCommand(xml, channel), CancellationToken.None);
    }
}
