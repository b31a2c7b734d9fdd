using CasPortal.Application.Common.Options;
using CasPortal.Application.Proxy.StoreProxyGrantingTicket;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Proxy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CasPortal.Application.UnitTests.Proxy.StoreProxyGrantingTicket;

public sealed class StoreProxyGrantingTicketHandlerTests : IDisposable
{
    private const string CallbackUrl = "https://portal.example.edu/proxy-callback";
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Without_a_proxy_callback_configured_nothing_is_stored()
    {
        Assert.Equal(ProxyCallbackOutcome.NotConfigured, await Handle("PGTIOU-1-a", "PGT-1-a", callbackUrl: null));

        await using var db = _database.NewContext();
        Assert.Empty(db.ProxyGrantingTickets);
    }

    [Fact]
    public async Task Tickets_nobody_claimed_within_the_bind_window_are_dropped_when_the_next_one_arrives()
    {
        Assert.Equal(ProxyCallbackOutcome.Stored, await Handle("PGTIOU-1-old", "PGT-1-old"));
        _clock.Advance(ProxyGrantingTicket.BindWindow + TimeSpan.FromSeconds(1));

        Assert.Equal(ProxyCallbackOutcome.Stored, await Handle("PGTIOU-2-new", "PGT-2-new"));

        await using var db = _database.NewContext();
        Assert.Equal(["PGTIOU-2-new"], await db.ProxyGrantingTickets.Select(t => t.Iou).ToListAsync());
    }

    [Fact]
    public async Task At_most_MaxUnclaimed_tickets_wait_for_their_validation_answer()
    {
        await using (var db = _database.NewContext())
        {
            var received = _clock.GetUtcNow().UtcDateTime;
            await db.Database.ExecuteSqlAsync($"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {ProxyGrantingTicket.MaxUnclaimed})
                INSERT INTO "ProxyGrantingTickets" ("Iou", "Ticket", "ReceivedAt") SELECT 'PGTIOU-' || i, 'PGT-' || i, {received} FROM n;
                """);
        }

        Assert.Equal(ProxyCallbackOutcome.Full, await Handle("PGTIOU-x-one-too-many", "PGT-x-one-too-many"));

        await using var read = _database.NewContext();
        Assert.Equal(ProxyGrantingTicket.MaxUnclaimed, await read.ProxyGrantingTickets.CountAsync());
        Assert.Null(await read.ProxyGrantingTickets.FindAsync("PGTIOU-x-one-too-many"));
    }

    private async Task<ProxyCallbackOutcome> Handle(string iou, string ticket, string? callbackUrl = CallbackUrl)
    {
        await using var db = _database.NewContext();
        var cas = Options.Create(new CasOptions { ServerUrl = "https://cas.example.edu/cas", ProxyCallbackUrl = callbackUrl });
        return await new StoreProxyGrantingTicketHandler(db, cas, _clock)
            .Handle(new StoreProxyGrantingTicketCommand(iou, ticket), CancellationToken.None);
    }
}
