using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CasPortal.Web.FunctionalTests.Infrastructure;

namespace CasPortal.Web.FunctionalTests;

/// <summary>A newcomer runs the portal on a port of their choosing: sign-in follows it, and the console says where to go.</summary>
public sealed class PublicAddressTests
{
    [Fact]
    public async Task In_Development_sign_in_follows_the_port_given_with_urls_and_the_console_says_where_to_open_it()
    {
        var port = FreePort();
        var address = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "CasPortal.Web.dll"), "--urls", address },
            WorkingDirectory = RepositoryPaths.WebProject,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var database = Path.Combine(Path.GetTempPath(), $"casportal-public-address-{Guid.NewGuid():N}.db");
        start.Environment["ConnectionStrings__Portal"] = $"Data Source={database}";
        using var process = Process.Start(start)!;
        try
        {
            var ready = await ReadUntilAsync(process.StandardOutput, "CasPortal is running", TimeSpan.FromSeconds(60));
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

            var login = await client.GetAsync($"{address}/login");

            Assert.Contains($"open {address} and sign in as alice / alice", ready);
            Assert.Equal(HttpStatusCode.Found, login.StatusCode);
            Assert.StartsWith($"{address}/dev-cas/login?service={Uri.EscapeDataString(address + "/login")}", login.Headers.Location!.ToString());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(database) + "*"))
            {
                File.Delete(file);
            }
        }
    }

    [Theory]
    [InlineData("http://localhost:6000", "http://localhost:6000")]
    [InlineData("http://*:6001;https://*:6443", "http://localhost:6001")]
    [InlineData("http://+:6002", "http://localhost:6002")]
    [InlineData("http://0.0.0.0:6003", "http://localhost:6003")]
    [InlineData("http://[::]:6004", "http://localhost:6004")]
    [InlineData("https://127.0.0.1:6443", "https://127.0.0.1:6443")]
    [InlineData("http://127.0.0.1:0;http://localhost:6005", "http://localhost:6005")]
    [InlineData("http://127.0.0.1:0", null)]
    [InlineData("not a url", null)]
    public void The_public_address_is_the_first_listening_address_a_browser_can_reach(string urls, string? expected) =>
        Assert.Equal(expected, CasPortal.Web.PublicAddress.FromListeningUrls(urls));

    [Theory]
    [InlineData("http://localhost:5000", "http://127.0.0.1:5000", false)]
    [InlineData("http://localhost:5000", "http://[::]:5000", false)]
    [InlineData("http://localhost:5000", "http://localhost:6000", true)]
    [InlineData("http://127.0.0.1:5000", "http://*:6000", true)]
    [InlineData("https://portal.example.edu", "http://127.0.0.1:8080", false)] // behind a proxy they differ by design
    public void A_loopback_public_address_that_nobody_listens_on_is_reported(string publicBaseUrl, string listening, bool reported)
    {
        var problem = CasPortal.Web.PublicAddress.Disagreement(publicBaseUrl, [listening]);

        Assert.Equal(reported, problem is not null);
        if (reported)
        {
            Assert.Contains("Set Portal:PublicBaseUrl", problem);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> ReadUntilAsync(StreamReader output, string marker, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var seen = new System.Text.StringBuilder();
        while (await output.ReadLineAsync(cancel.Token) is { } line)
        {
            seen.AppendLine(line);
            if (line.Contains(marker, StringComparison.Ordinal))
            {
                return seen.ToString();
            }
        }

        throw new InvalidOperationException("The portal stopped before saying it was running: " + seen);
    }
}
