using System.Diagnostics;
using System.Net;
using CasPortal.Web.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CasPortal.Web.FunctionalTests;

/// <summary>How configuration decides what starts, and how a misconfigured portal refuses to.</summary>
public class StartupConfigurationTests
{
    [Fact]
    public async Task Outside_Development_a_missing_CAS_server_stops_start_up_with_a_plain_message()
    {
        var (exitCode, errors) = await RunPortalProcessAsync("Production", ("Portal__PublicBaseUrl", "https://portal.example.edu"));

        Assert.Equal(1, exitCode);
        Assert.Contains("CasPortal cannot start; fix the configuration:", errors);
        Assert.Contains("Cas:ServerUrl is required", errors);
    }

    [Fact]
    public async Task Every_bad_value_is_named_with_its_key()
    {
        var (exitCode, errors) = await RunPortalProcessAsync("Production",
            ("Portal__PublicBaseUrl", "portal.example.edu"),
            ("Cas__ServerUrl", "cas.example.edu"),
            ("Cas__ProtocolVersion", "7"),
            ("Cas__ValidationTimeout", "00:10:00"),
            ("Sessions__IdleTimeout", "00:00:05"),
            ("RateLimits__FailedSignInsPerMinute", "0"),
            ("RateLimits__ConcurrentValidations", "-1"),
            ("DataProtection__CertificatePath", "/no/such/key-ring.pfx"));

        Assert.Equal(1, exitCode);
        Assert.Contains("Portal:PublicBaseUrl 'portal.example.edu' is not an absolute http:// or https:// URL.", errors);
        Assert.Contains("Cas:ServerUrl 'cas.example.edu' is not an absolute http:// or https:// URL.", errors);
        Assert.Contains("Cas:ProtocolVersion '7' is not supported", errors);
        Assert.Contains("Cas:ValidationTimeout '00:10:00'", errors);
        Assert.Contains("Sessions:IdleTimeout '00:00:05'", errors);
        Assert.Contains("RateLimits:FailedSignInsPerMinute '0' must be at least 1.", errors);
        Assert.Contains("RateLimits:ConcurrentValidations '-1' must be at least 1.", errors);
        Assert.Contains("DataProtection:CertificatePath '/no/such/key-ring.pfx' cannot be read", errors);
    }

    [Fact]
    public async Task With_a_real_CAS_server_configured_the_development_server_is_not_mounted_even_in_Development()
    {
        await using var portal = new ConfiguredPortalFactory("Development", new() { ["Cas:ServerUrl"] = "https://cas.example.edu/cas" });
        using var browser = portal.NewBrowser();

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/dev-cas/login?service=x")).StatusCode);
        var login = await browser.GetAsync("/login");
        Assert.StartsWith("https://cas.example.edu/cas/login?service=", login.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_https_public_address_makes_every_portal_cookie_secure_and_outside_Development_adds_HSTS()
    {
        await using var cas = ScriptedCasServer.Start();
        cas.Respond = ScriptedCasServer.Answer(200, "application/xml", CasMessages.ServiceValidationSuccess("carol"));
        await using var portal = new ConfiguredPortalFactory("Production", new()
        {
            ["Cas:ServerUrl"] = cas.BaseUrl,
            ["Portal:PublicBaseUrl"] = "https://portal.example.edu",
        }, overKestrel: false);
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://portal.example.edu"),
            AllowAutoRedirect = false,
        });

        var start = await client.GetAsync("/login");
        var signIn = await client.GetAsync(SignInSteps.ServiceOf(start.Headers.Location!).WithTicket("ST-1-secure"));
        var form = await client.GetAsync("/logout");
        // A status message after a post rides in the TempData cookie.
        var token = System.Text.RegularExpressions.Regex.Match(
            await form.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var status = await client.PostAsync("/profile?handler=EndSession", new FormUrlEncodedContent(
            [KeyValuePair.Create("__RequestVerificationToken", token), KeyValuePair.Create("session", "gone")]));

        Assert.Equal(HttpStatusCode.Found, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.Found, status.StatusCode);
        var cookies = start.Headers.GetValues("Set-Cookie").Concat(signIn.Headers.GetValues("Set-Cookie"))
            .Concat(form.Headers.GetValues("Set-Cookie")).Concat(status.Headers.GetValues("Set-Cookie")).ToList();
        Assert.Contains(cookies, c => c.StartsWith("casportal.signin=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("casportal.session=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("casportal.antiforgery=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("casportal.tempdata=", StringComparison.Ordinal));
        Assert.All(cookies, cookie => Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith("max-age=", form.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public async Task A_plain_http_public_address_in_Development_keeps_cookies_usable_over_http_without_HSTS()
    {
        await using var portal = new ConfiguredPortalFactory("Development", []);
        using var browser = portal.NewBrowser();

        var page = await browser.GetAsync("/logout");

        var cookies = page.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith("casportal.antiforgery=", StringComparison.Ordinal));
        Assert.All(cookies, cookie => Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase));
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
    }

    /// <summary>Starts the built portal as its own process, as an operator would, and returns how it ended.</summary>
    private static async Task<(int ExitCode, string Errors)> RunPortalProcessAsync(string environment, params (string Name, string Value)[] variables)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "CasPortal.Web.dll"), "--urls", "http://127.0.0.1:0" },
            WorkingDirectory = RepositoryPaths.WebProject,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["ConnectionStrings__Portal"] = "Data Source=:memory:";
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The misconfigured portal did not stop by itself: " + await output);
        }

        return (process.ExitCode, await errors);
    }

    [Fact]
    public async Task With_a_certificate_configured_the_key_ring_is_stored_encrypted_and_cookies_still_work()
    {
        var folder = Directory.CreateTempSubdirectory("casportal-keyring-").FullName;
        try
        {
            var pfx = Path.Combine(folder, "key-ring.pfx");
            using (var rsa = System.Security.Cryptography.RSA.Create(2048))
            {
                var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
                    "CN=CasPortal key ring", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256,
                    System.Security.Cryptography.RSASignaturePadding.Pkcs1);
                using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
                await File.WriteAllBytesAsync(pfx, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "s3cret"));
            }

            await using var portal = new ConfiguredPortalFactory("Development", new()
            {
                ["DataProtection:CertificatePath"] = pfx,
                ["DataProtection:CertificatePassword"] = "s3cret",
            });
            using var browser = portal.NewBrowser();

            await browser.SignInAsync("bob", "bob");

            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/profile")).StatusCode);
            var keys = await portal.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                System.Linq.Queryable.Select(db.DataProtectionKeys, k => k.Xml!)));
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("EncryptedData", xml);
                Assert.DoesNotContain("<value>", xml);
            });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task In_Production_an_unencrypted_key_ring_is_reported_once_at_start_up_with_the_setting_to_fix()
    {
        await using var portal = new ConfiguredPortalFactory("Production", new()
        {
            ["Cas:ServerUrl"] = "https://cas.example.edu/cas",
            ["Portal:PublicBaseUrl"] = "https://portal.example.edu",
        }, overKestrel: false);
        using var client = portal.CreateClient();

        await client.GetAsync("/healthz");

        var warning = Assert.Single(portal.LogLines, line => line.Contains("key ring", StringComparison.Ordinal));
        Assert.Contains("DataProtection:CertificatePath", warning);
    }

    [Fact]
    public async Task In_Development_the_unencrypted_key_ring_is_one_plain_note_instead_of_the_frameworks_alarm()
    {
        await using var portal = new ConfiguredPortalFactory("Development", [], overKestrel: false);
        using var client = portal.CreateClient();

        await client.GetAsync("/logout"); // the sign-out form's token makes the first key of a new key ring

        var note = Assert.Single(portal.LogLines, line => line.Contains("cookie keys are kept unencrypted", StringComparison.Ordinal));
        Assert.Contains("DataProtection:CertificatePath", note);
        Assert.DoesNotContain(portal.LogLines, line => line.Contains("No XML encryptor configured", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Behind_a_TLS_proxy_that_is_not_trusted_a_signed_in_page_explains_itself_and_the_log_names_the_setting()
    {
        await using var cas = ScriptedCasServer.Start();
        cas.Respond = ScriptedCasServer.Answer(200, "application/xml", CasMessages.ServiceValidationSuccess("carol"));
        await using var portal = new ConfiguredPortalFactory("Production", new()
        {
            ["Cas:ServerUrl"] = cas.BaseUrl,
            ["Portal:PublicBaseUrl"] = "https://portal.example.edu",
        });
        using var proxy = portal.NewBrowser(); // starts the server; the proxy itself forwards over plain http
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(portal.BaseUrl) };

        var start = await http.GetAsync("/login");
        var signInState = start.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("casportal.signin=", StringComparison.Ordinal)).Split(';')[0];
        var callback = SignInSteps.ServiceOf(start.Headers.Location!).WithTicket("ST-1-behind-proxy");
        var signIn = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, callback) { Headers = { { "Cookie", signInState } } });
        var session = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("casportal.session=", StringComparison.Ordinal)).Split(';')[0];
        var profile = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/profile") { Headers = { { "Cookie", session } } });
        var again = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/profile") { Headers = { { "Cookie", session } } });

        Assert.Equal(HttpStatusCode.InternalServerError, profile.StatusCode);
        Assert.Contains("Portal:KnownProxies", await profile.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.InternalServerError, again.StatusCode);
        var logged = Assert.Single(portal.LogLines, line => line.Contains("TLS proxy", StringComparison.Ordinal));
        Assert.Contains("Portal:KnownProxies", logged);
        Assert.DoesNotContain("   at ", logged);
    }

    private sealed class ConfiguredPortalFactory(string environment, Dictionary<string, string?> settings, bool overKestrel = true)
        : PortalFactory(overKestrel)
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => settings;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
        }
    }
}
