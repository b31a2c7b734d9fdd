using System.Net;
using CasPortal.Web.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Web.FunctionalTests;

/// <summary>The proxy callback takes values from anyone who can reach it: only strict ticket shapes are stored.</summary>
public sealed class ProxyCallbackTests(ProxyCallbackTests.ProxyingPortal portal) : IClassFixture<ProxyCallbackTests.ProxyingPortal>
{
    public sealed class ProxyingPortal : PortalFactory
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Cas:ProxyCallbackUrl"] = BaseUrl + "/proxy-callback",
            ["Cas:AllowInsecureProxyCallback"] = "true",
        };
    }

    [Fact]
    public async Task A_probe_without_parameters_gets_200()
    {
        using var cas = portal.NewBrowser();

        Assert.Equal(HttpStatusCode.OK, (await cas.GetAsync("/proxy-callback")).StatusCode);
    }

    [Fact]
    public async Task A_well_formed_pair_is_stored_once_and_unbound()
    {
        using var cas = portal.NewBrowser();

        await cas.GetAsync("/proxy-callback?pgtIou=PGTIOU-1-abc&pgtId=PGT-1-first");
        var again = await cas.GetAsync("/proxy-callback?pgtIou=PGTIOU-1-abc&pgtId=PGT-1-second");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var stored = await portal.QueryAsync(db => db.ProxyGrantingTickets.AsNoTracking().SingleAsync(t => t.Iou == "PGTIOU-1-abc"));
        Assert.Equal("PGT-1-first", stored.Ticket);
        Assert.Null(stored.SessionIdHash);
    }

    [Theory]
    [InlineData("../../etc/passwd", "PGT-1-x")]
    [InlineData("PGTIOU-1-x", "../../etc/passwd")]
    [InlineData("PGTIOU-1-x/../../y", "PGT-1-x")]
    [InlineData("PGTIOU-1-x", "PGT-1-x';DROP TABLE Sessions;--")]
    [InlineData("ST-1-x", "PGT-1-x")]
    [InlineData("PGTIOU-1-x", "")]
    public async Task A_malformed_pair_is_refused_and_nothing_is_stored(string iou, string pgt)
    {
        using var cas = portal.NewBrowser();
        var before = await portal.QueryAsync(db => db.ProxyGrantingTickets.CountAsync());

        var response = await cas.GetAsync($"/proxy-callback?pgtIou={Uri.EscapeDataString(iou)}&pgtId={Uri.EscapeDataString(pgt)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await portal.QueryAsync(db => db.ProxyGrantingTickets.CountAsync()));
        Assert.DoesNotContain("PGT-1", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>Without Cas:ProxyCallbackUrl the portal asks no CAS server for a PGT, so the callback takes none.</summary>
public sealed class ProxyCallbackNotConfiguredTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/proxy-callback")]
    [InlineData("/proxy-callback?pgtIou=PGTIOU-1-abc&pgtId=PGT-1-first")]
    public async Task The_callback_answers_404_and_stores_nothing(string url)
    {
        using var stranger = portal.NewBrowser();

        var answer = await stranger.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal(0, await portal.QueryAsync(db => db.ProxyGrantingTickets.CountAsync()));
    }
}
