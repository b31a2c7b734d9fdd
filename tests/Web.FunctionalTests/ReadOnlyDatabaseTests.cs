using System.Diagnostics;
using System.Net;
using CasPortal.Web.FunctionalTests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace CasPortal.Web.FunctionalTests;

/// <summary>
/// A node that starts while its SQLite file is read-only (a remount, a restore, an operator's chattr +i) must say so on
/// /readyz and recover by itself once the file is writable again, without a restart.
/// </summary>
public sealed class ReadOnlyDatabaseTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("casportal-readonly-").FullName;

    public void Dispose()
    {
        if (!OperatingSystem.IsWindows())
        {
            SetReadOnly(false);
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_node_started_on_a_read_only_file_is_not_ready_and_recovers_once_the_file_is_writable()
    {
        await using (var first = PortalFactory.SharingDatabase(_folder))
        {
            using var browser = first.NewBrowser();
            Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync("bob", "bob")).StatusCode);
        }

        SqliteConnection.ClearAllPools();
        SetReadOnly(true);
        await using var node = PortalFactory.SharingDatabase(_folder);
        using var probe = node.NewBrowser();

        var readOnly = await probe.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readOnly.StatusCode);
        Assert.Contains("database refuses writes", await readOnly.Content.ReadAsStringAsync());

        SetReadOnly(false);

        var ready = await probe.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var browserAfter = node.NewBrowser();
        Assert.Equal(HttpStatusCode.OK, (await browserAfter.SignInAsync("bob", "bob")).StatusCode);
    }

    /// <summary>As root, chattr +i (root ignores file modes); otherwise a read-only file mode.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private void SetReadOnly(bool readOnly)
    {
        foreach (var file in Directory.GetFiles(_folder, "portal.db*"))
        {
            if (Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root")
            {
                using var chattr = Process.Start(new ProcessStartInfo("chattr", [readOnly ? "+i" : "-i", file]) { RedirectStandardError = true })!;
                chattr.WaitForExit();
                if (chattr.ExitCode == 0)
                {
                    continue;
                }
            }

            File.SetUnixFileMode(file, readOnly
                ? UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }
}
