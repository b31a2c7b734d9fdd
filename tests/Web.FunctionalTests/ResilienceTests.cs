using System.Data.Common;
using System.Net;
using CasPortal.Domain.Audit;
using CasPortal.Infrastructure.Persistence;
using CasPortal.Web.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CasPortal.Web.FunctionalTests;

/// <summary>Many users at once, and a database that stops accepting writes.</summary>
public sealed class ResilienceTests(ResilienceTests.BreakablePortal portal) : IClassFixture<ResilienceTests.BreakablePortal>
{
    /// <summary>A portal whose database can be made to refuse every write, as a read-only or full disk would.</summary>
    public sealed class BreakablePortal : PortalFactory
    {
        public WriteBlocker Writes { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.ConfigureDbContext<PortalDbContext>(options => options.AddInterceptors(Writes)));
        }
    }

    public sealed class WriteBlocker : DbCommandInterceptor
    {
        public volatile bool Blocked;

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            Blocked ? throw new SqliteException("attempt to write a readonly database", 8) : base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            Blocked && IsWrite(command) ? throw new SqliteException("database or disk is full", 13) : base.ReaderExecutingAsync(command, eventData, result, cancellationToken);

        private static bool IsWrite(DbCommand command) =>
            command.CommandText.Contains("INSERT", StringComparison.OrdinalIgnoreCase)
            || command.CommandText.Contains("UPDATE", StringComparison.OrdinalIgnoreCase)
            || command.CommandText.Contains("DELETE", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Two_hundred_concurrent_sign_ins_make_exactly_two_hundred_sessions_and_success_events()
    {
        const int users = 200;
        var before = await CountsAsync();
        var browsers = Enumerable.Range(0, users).Select(_ => portal.NewBrowser()).ToList();

        var pages = await Task.WhenAll(browsers.Select(b => b.SignInAsync("bob", "bob", "/profile")));

        Assert.All(pages, page => Assert.Equal(HttpStatusCode.OK, page.StatusCode));
        var after = await CountsAsync();
        Assert.Equal(before.Sessions + users, after.Sessions);
        Assert.Equal(before.Succeeded + users, after.Succeeded);
        browsers.ForEach(b => b.Dispose());
    }

    [Fact]
    public async Task When_the_database_refuses_writes_sign_in_shows_a_clear_page_and_leaves_no_half_written_rows()
    {
        using var browser = portal.NewBrowser();
        var casForm = await browser.FollowAsync(await browser.GetAsync("/login?next=/profile"));
        var toPortal = await browser.SubmitFormAsync(casForm, "form", new Dictionary<string, string> { ["username"] = "bob", ["password"] = "bob" });
        var before = await CountsAsync();

        portal.Writes.Blocked = true;
        HttpResponseMessage failed;
        try
        {
            failed = await browser.GetAsync(PortalBrowser.Location(toPortal).PathAndQuery);
        }
        finally
        {
            portal.Writes.Blocked = false;
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        var page = await failed.Content.ReadAsStringAsync();
        Assert.Contains("cannot save", page);
        Assert.DoesNotContain("Exception", page);
        Assert.DoesNotContain("SqliteException", page);
        Assert.Equal(before, await CountsAsync());
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/profile")).StatusCode);
    }

    [Fact]
    public async Task When_the_database_refuses_writes_sign_out_still_drops_the_cookie_says_so_and_is_recorded_once_the_database_is_back()
    {
        using var browser = portal.NewBrowser();
        await browser.SignInAsync("bob", "bob", "/login?next=/profile");
        var reference = await portal.QueryAsync(db => db.AuditEvents.Where(e => e.Type == AuditEventType.LoginSucceeded)
            .OrderByDescending(e => e.Id).Select(e => e.SessionReference!).FirstAsync());
        var confirm = await browser.GetAsync("/logout");

        portal.Writes.Blocked = true;
        HttpResponseMessage signedOut;
        try
        {
            signedOut = await browser.SubmitFormAsync(confirm, "form");
        }
        finally
        {
            portal.Writes.Blocked = false;
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, signedOut.StatusCode);
        var page = await PortalBrowser.ParseAsync(signedOut);
        Assert.Contains("could not record your sign-out", page.QuerySelector("[data-testid=sign-out-not-recorded]")!.TextContent);
        Assert.DoesNotContain("Exception", page.Source.Text);
        Assert.Contains(signedOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith("casportal.session=;", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/profile")).StatusCode);

        // The background job records it once writes work again (it tries every few seconds).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await portal.QueryAsync(db => db.Sessions.Where(s => s.Reference == reference).Select(s => s.EndedAt).SingleAsync()) is null
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        var ended = await portal.QueryAsync(db => db.Sessions.SingleAsync(s => s.Reference == reference));
        Assert.Equal(CasPortal.Domain.Sessions.SessionEndReason.Logout, ended.EndReason);
        var audit = await portal.QueryAsync(db => db.AuditEvents.SingleAsync(e => e.SessionReference == reference && e.Type == AuditEventType.Logout));
        Assert.Contains("recorded late", audit.Detail);
        // Recorded by a background job, yet with the address and browser of the request that asked.
        var signIn = await portal.QueryAsync(db => db.AuditEvents.SingleAsync(e => e.SessionReference == reference && e.Type == AuditEventType.LoginSucceeded));
        Assert.NotNull(signIn.ClientIp);
        Assert.Equal((signIn.ClientIp, signIn.UserAgent), (audit.ClientIp, audit.UserAgent));
    }

    [Fact]
    public async Task Concurrent_writes_to_one_session_table_all_land()
    {
        var before = await CountsAsync();
        using var browser = portal.NewBrowser();

        var starts = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => browser.GetAsync("/login?next=/profile")));

        Assert.All(starts, r => Assert.Equal(HttpStatusCode.Found, r.StatusCode));
        var started = await portal.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Type == AuditEventType.LoginStarted));
        Assert.True(started >= 100);
        Assert.Equal(before.Sessions, (await CountsAsync()).Sessions);
    }

    private Task<(int Sessions, int Succeeded)> CountsAsync() => portal.QueryAsync(async db =>
        (await db.Sessions.CountAsync(), await db.AuditEvents.CountAsync(e => e.Type == AuditEventType.LoginSucceeded)));
}
