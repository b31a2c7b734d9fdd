using System.Net;
using CasPortal.Web.FunctionalTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Web.FunctionalTests;

public sealed class RestartTests : IDisposable
{
    private readonly string _sharedDatabase = Directory.CreateTempSubdirectory("casportal-restart-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_sharedDatabase, recursive: true);
    }

    [Fact]
    public async Task A_signed_in_browser_is_still_signed_in_after_the_portal_restarts()
    {
        var cookies = new CookieContainer();
        await using (var before = PortalFactory.SharingDatabase(_sharedDatabase))
        {
            using var browser = before.NewBrowser(cookies);
            Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync("bob", "bob")).StatusCode);
        }

        await using var after = PortalFactory.SharingDatabase(_sharedDatabase);
        using var sameBrowser = after.NewBrowser(cookies);

        var profile = await sameBrowser.GetAsync("/profile");

        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Contains("bob", await profile.Content.ReadAsStringAsync());
        // The cookie key ring lives in the database, not on this machine's disk, so any node can read the cookie.
        Assert.NotEqual(0, await after.QueryAsync(db => db.DataProtectionKeys.CountAsync()));
    }
}
