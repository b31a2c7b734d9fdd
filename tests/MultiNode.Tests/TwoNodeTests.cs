using System.Net;
using System.Text.RegularExpressions;
using CasPortal.Application.Common.Cas;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using CasPortal.MultiNode.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.MultiNode.Tests;

/// <summary>
/// Two nodes behind one load balancer on one PostgreSQL: whatever one node does to a session, the other sees on the
/// session's very next request, because nothing that must be shared lives in a node's memory.
/// </summary>
public sealed class TwoNodeTests(TwoNodeCluster cluster) : IClassFixture<TwoNodeCluster>
{
    [Fact]
    public async Task Both_nodes_migrated_the_fresh_database_together_and_report_ready()
    {
        foreach (var node in new[] { cluster.A, cluster.B })
        {
            using var client = new HttpClient { BaseAddress = new Uri(node.BaseUrl) };
            var ready = await client.GetAsync("/readyz");
            Assert.True(HttpStatusCode.OK == ready.StatusCode, $"{node}: {await ready.Content.ReadAsStringAsync()}");
            Assert.Equal("ready", await ready.Content.ReadAsStringAsync());
        }

        var (known, applied) = await cluster.A.QueryAsync(async db =>
            (db.Database.GetMigrations().ToList(), (await db.Database.GetAppliedMigrationsAsync()).ToList()));
        Assert.Equal(known, applied);
    }

    [Fact]
    public async Task A_cookie_issued_by_node_A_is_accepted_by_node_B()
    {
        using var browser = await SignedInThroughAsync(cluster.A, "bob");

        cluster.RouteTo(cluster.B);
        var profile = await browser.GetAsync("/profile");

        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Contains("bob", await profile.Content.ReadAsStringAsync());
        Assert.Equal("B", cluster.Balancer.LastServedBy("GET", "/profile"));
        // The cookie's key ring is read from the shared database, not from either node's disk or memory.
        Assert.NotEqual(0, await cluster.B.QueryAsync(db => db.DataProtectionKeys.CountAsync()));
    }

    [Fact]
    public async Task A_single_logout_request_delivered_to_node_B_signs_the_browser_out_on_node_A()
    {
        using var browser = await SignedInThroughAsync(cluster.A, "bob");
        var ticket = TicketOf(browser);
        using var casServer = cluster.NewBrowser();

        cluster.RouteTo(cluster.B);
        var answer = await casServer.PostFormAsync("/login", [KeyValuePair.Create("logoutRequest", CasMessages.LogoutRequestXml(ticket))]);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("B", cluster.Balancer.LastServedBy("POST", "/login"));

        cluster.RouteTo(cluster.A);
        var next = await browser.GetAsync("/profile");

        Assert.Equal(HttpStatusCode.Found, next.StatusCode);
        Assert.StartsWith("/login", next.Headers.Location!.OriginalString);
        Assert.Equal("A", cluster.Balancer.LastServedBy("GET", "/profile"));
        var session = await SessionOfAsync(ticket);
        Assert.Equal(SessionEndReason.SingleLogout, session.EndReason);
    }

    [Fact]
    public async Task An_administrator_on_node_B_revokes_a_session_made_on_node_A_and_node_A_refuses_it()
    {
        using var bob = await SignedInThroughAsync(cluster.A, "bob");
        var bobSession = (await SessionOfAsync(TicketOf(bob))).Reference;
        using var alice = await SignedInThroughAsync(cluster.B, "alice");

        var list = await alice.GetAsync("/admin/sessions?user=bob");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var revoke = await alice.ConfirmAsync(await alice.SubmitFormAsync(list, $"form:has(input[name=session][value='{bobSession}'])"));
        Assert.Equal(HttpStatusCode.Found, revoke.StatusCode);
        Assert.Equal("B", cluster.Balancer.LastServedBy("POST", "/admin/sessions"));

        cluster.RouteTo(cluster.A);
        var next = await bob.GetAsync("/profile");

        Assert.Equal(HttpStatusCode.Found, next.StatusCode);
        Assert.Equal("A", cluster.Balancer.LastServedBy("GET", "/profile"));
        Assert.Equal(SessionEndReason.AdminRevoked, (await SessionOfAsync(TicketOf(bob))).EndReason);
        Assert.True(await cluster.A.QueryAsync(db => db.AuditEvents.AnyAsync(
            e => e.Type == AuditEventType.SessionRevoked && e.SessionReference == bobSession && e.Detail!.Contains("alice"))));
    }

    [Fact]
    public async Task A_signed_in_page_without_a_query_of_its_own_costs_the_database_one_round_trip()
    {
        using var browser = await SignedInThroughAsync(cluster.A, "rt-frank");

        var (page, commands) = await OnNodeBWithItsDatabaseCommandsAsync(browser, "/logout-callback");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("rt-frank", await page.Content.ReadAsStringAsync()); // the layout's "Signed in as"
        Assert.Equal(1, commands);
    }

    [Fact]
    public async Task The_profile_page_and_its_list_of_the_users_sessions_cost_the_database_one_round_trip()
    {
        using var laptop = await SignedInThroughAsync(cluster.A, "rt-grace");
        using var phone = await SignedInThroughAsync(cluster.A, "rt-grace");

        var (page, commands) = await OnNodeBWithItsDatabaseCommandsAsync(laptop, "/profile");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(2, Regex.Count(html, "<td data-label=\"Started\">")); // both browsers listed
        Assert.Contains("data-testid=\"this-session\"", html);
        Assert.Equal(1, commands);
    }

    /// <summary>The page from node B, after node B's first look at this session (as any other), and the database commands it cost.</summary>
    private async Task<(HttpResponseMessage Page, int Commands)> OnNodeBWithItsDatabaseCommandsAsync(PortalBrowser browser, string path)
    {
        cluster.RouteTo(cluster.B);
        await browser.GetAsync(path);
        using var commands = new DatabaseCommandsOfOneTrace();
        var page = await commands.TraceAsync(() => browser.GetAsync(path));
        return (page, commands.Count);
    }

    [Fact]
    public async Task A_password_requirement_set_through_node_A_makes_node_B_ask_for_the_password()
    {
        using var bob = await SignedInThroughAsync(cluster.A, "mn-erin");
        using var alice = await SignedInThroughAsync(cluster.A, "alice");
        var confirmation = await alice.SubmitFormAsync(
            await alice.GetAsync("/admin/sessions?user=mn-erin"), "form:has(input[name=username][value='mn-erin'])");
        var revoke = await alice.ConfirmAsync(confirmation);
        Assert.Equal(HttpStatusCode.Found, revoke.StatusCode);
        Assert.Equal("A", cluster.Balancer.LastServedBy("POST", "/admin/sessions"));

        // Bob's browser still holds the CAS server's single sign-on cookie; only node B's sign-in path runs.
        cluster.RouteTo(cluster.B);
        var landed = await bob.FollowAsync(await bob.GetAsync("/profile"));

        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Equal("/dev-cas/login", landed.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("renew=true", landed.RequestMessage.RequestUri.Query);
        Assert.Equal("B", cluster.Balancer.LastServedBy("GET", "/login?next=%2Fprofile&renew=1"));
        var profile = await bob.FollowAsync(await bob.SubmitFormAsync(landed, "form", new Dictionary<string, string>
        {
            ["username"] = "mn-erin",
            ["password"] = "mn-erin",
        }));
        Assert.Equal("/profile", profile.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(0, await cluster.A.QueryAsync(db => db.ReauthenticationRequirements.CountAsync(r => r.Username == "mn-erin")));
        var events = await cluster.A.QueryAsync(db => db.AuditEvents.AsNoTracking()
            .Where(e => e.Username == "mn-erin" && e.Type >= AuditEventType.ReauthenticationRequired)
            .OrderBy(e => e.Id).Select(e => e.Type).ToListAsync());
        Assert.Equal(
            [AuditEventType.ReauthenticationRequired, AuditEventType.SignInRestartedForReauthentication,
                AuditEventType.ReauthenticatedWithCredentials, AuditEventType.ReauthenticationLifted],
            events);
    }

    [Fact]
    public async Task Events_from_both_nodes_appear_in_one_audit_log_in_time_order_on_either_node()
    {
        using var carol = await SignedInThroughAsync(cluster.A, "mn-carol");
        using var dave = await SignedInThroughAsync(cluster.B, "mn-dave");
        await SignOutThroughAsync(cluster.A, carol);
        await SignOutThroughAsync(cluster.B, dave);
        using var alice = await SignedInThroughAsync(cluster.A, "alice");

        // Newest first: each node wrote every other event.
        (string Type, string User)[] expected =
        [
            ("Logout", "mn-dave"), ("Logout", "mn-carol"), ("LoginSucceeded", "mn-dave"), ("LoginSucceeded", "mn-carol"),
        ];
        foreach (var node in new[] { cluster.A, cluster.B })
        {
            cluster.RouteTo(node);
            var page = await alice.GetAsync("/admin/audit?user=mn-&match=Prefix&tz=UTC&size=200");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal(node.Name, cluster.Balancer.LastServedBy("GET", "/admin/audit"));
            var rows = (await PortalBrowser.ParseAsync(page)).QuerySelectorAll("[data-testid=events] tbody tr")
                .Select(row => (Type: row.GetAttribute("data-event-type")!, User: row.Children[2].TextContent.Trim(),
                    Time: row.Children[0].TextContent.Trim(), ClientIp: row.Children[3].TextContent.Trim()))
                .ToList();
            Assert.Equal(expected, rows.Select(row => (row.Type, row.User)));
            Assert.Equal(rows.Select(row => row.Time).OrderDescending(StringComparer.Ordinal), rows.Select(row => row.Time));
            // The client's address came through the load balancer's X-Forwarded-For (Portal:KnownProxies).
            Assert.All(rows, row => Assert.Equal(LoadBalancer.ClientAddress, row.ClientIp));
        }

        var stored = await cluster.B.QueryAsync(db => db.AuditEvents.AsNoTracking()
            .Where(e => e.Username!.StartsWith("mn-"))
            .OrderBy(e => e.Id)
            .Select(e => new { e.OccurredAt, e.ClientIp })
            .ToListAsync());
        Assert.Equal(stored.Select(e => e.OccurredAt).Order(), stored.Select(e => e.OccurredAt));
        Assert.All(stored, e => Assert.Equal(LoadBalancer.ClientAddress, e.ClientIp));
    }

    /// <summary>The whole CAS round trip through the load balancer, with the ticket presented to <paramref name="node"/>.</summary>
    private async Task<PortalBrowser> SignedInThroughAsync(PortalNode node, string username)
    {
        cluster.RouteTo(node);
        var browser = cluster.NewBrowser();
        var landed = await browser.SignInAsync(username, username);
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Equal(node.Name, cluster.Balancer.LastServedBy("GET", "/login?state="));
        return browser;
    }

    private async Task SignOutThroughAsync(PortalNode node, PortalBrowser browser)
    {
        cluster.RouteTo(node);
        var signOut = await browser.SubmitFormAsync(await browser.GetAsync("/logout"), "form");
        Assert.Equal(HttpStatusCode.Found, signOut.StatusCode);
        Assert.Equal(node.Name, cluster.Balancer.LastServedBy("POST", "/logout"));
    }

    private static string TicketOf(PortalBrowser browser) =>
        QueryHelpers.ParseQuery(browser.TicketCallback().Query)["ticket"].ToString();

    private Task<PortalSession> SessionOfAsync(string ticket)
    {
        var hash = TicketHash.Of(ticket);
        return cluster.A.QueryAsync(db => db.Sessions.AsNoTracking().SingleAsync(s => s.ServiceTicketHash == hash));
    }
}
