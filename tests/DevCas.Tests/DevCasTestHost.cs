using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Net.Http.Headers;

namespace CasPortal.DevCas.Tests;

/// <summary>The development CAS server on a TestServer, configured like appsettings.Development.json, plus a browser's chores.</summary>
internal sealed class DevCasTestHost : IAsyncDisposable
{
    public const string Service = "https://portal.example.edu/signin-cas";
    public static readonly XNamespace Cas = "http://www.yale.edu/tp/cas";

    private readonly IHost _host;

    private DevCasTestHost(IHost host, FakeTimeProvider time, OutboundHandler outbound)
    {
        _host = host;
        Time = time;
        Outbound = outbound;
        Client = host.GetTestClient();
    }

    public FakeTimeProvider Time { get; }

    /// <summary>The server's outbound HTTP ("DevCas" client): proxy callbacks and single logout posts.</summary>
    public OutboundHandler Outbound { get; }

    public HttpClient Client { get; }

    /// <param name="allowedServicePrefixesJson">DevCas:AllowedServicePrefixes, as JSON.</param>
    /// <param name="moreSettingsJson">More DevCas settings, e.g. <c>"SendSingleLogout": false,</c> (with the comma).</param>
    public static async Task<DevCasTestHost> StartAsync(
        string allowedServicePrefixesJson = """["https://portal.example.edu/"]""", string moreSettingsJson = "")
    {
        var json = $$"""
            {
              "DevCas": {
                {{moreSettingsJson}}
                "TicketLifetime": "00:01:00",
                "AllowedServicePrefixes": {{allowedServicePrefixesJson}},
                "Users": [
                  { "Username": "alice", "Password": "alice", "Attributes": {
                      "displayName": ["Alice Liddell"], "mail": ["alice@example.edu"],
                      "memberOf": ["cn=portal-admins,ou=groups,dc=example,dc=edu", "cn=staff,ou=groups,dc=example,dc=edu"] } },
                  { "Username": "bob", "Password": "bob", "Attributes": {
                      "displayName": ["Bob Builder"], "mail": ["bob@example.edu"],
                      "memberOf": ["cn=students,ou=groups,dc=example,dc=edu"] } },
                  { "Username": "carol", "Password": "carol", "Attributes": {
                      "displayName": ["Carol & Co <IT> \"quoted\" ]]>"] } }
                ]
              }
            }
            """;
        return await StartWithJsonAsync(json);
    }

    public static async Task<DevCasTestHost> StartWithJsonAsync(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 10, 15, 2, 184, TimeSpan.Zero));
        var outbound = new OutboundHandler();
        var host = new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureServices(services =>
                {
                    services.AddSingleton<TimeProvider>(time);
                    services.AddRouting();
                    services.AddDevCas(configuration.GetSection("DevCas"));
                    // No real network: the server's outbound calls land in the recording fake.
                    services.AddHttpClient("DevCas").ConfigurePrimaryHttpMessageHandler(() => outbound);
                })
                .Configure(app =>
                {
                    app.UseRouting();
                    app.UseEndpoints(endpoints => endpoints.MapDevCas("/dev-cas"));
                }))
            .Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        // Calls from the server to itself (the sample service validating its ticket) go through the TestServer.
        outbound.Loopback = new HttpMessageInvoker(host.GetTestServer().CreateHandler());
        return new DevCasTestHost(host, time, outbound);
    }

    public async Task<HttpResponseMessage> GetAsync(string url, string? tgc = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (tgc is not null)
        {
            request.Headers.Add("Cookie", $"DEVCAS_TGC={tgc}");
        }

        return await Client.SendAsync(request);
    }

    public async Task<HttpResponseMessage> PostLoginAsync(string service, string username, string password)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["service"] = service,
            ["username"] = username,
            ["password"] = password,
        });
        return await Client.PostAsync("/dev-cas/login", content);
    }

    /// <summary>Signs in with credentials; returns the redirect target, the ticket in it and the ticket-granting cookie.</summary>
    public async Task<(string Location, string Ticket, string Tgc)> SignInAsync(string service = Service, string username = "alice")
    {
        using var response = await PostLoginAsync(service, username, password: username);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        var location = LocationOf(response);
        return (location, TicketIn(location), TgcCookie(response).Value.Value!);
    }

    public static string LocationOf(HttpResponseMessage response) => response.Headers.GetValues("Location").Single();

    public static string TicketIn(string location)
    {
        const string marker = "ticket=";
        var index = location.LastIndexOf(marker, StringComparison.Ordinal);
        Assert.True(index >= 0, $"no ticket in {location}");
        return Uri.UnescapeDataString(location[(index + marker.Length)..]);
    }

    public static SetCookieHeaderValue TgcCookie(HttpResponseMessage response) =>
        SetCookieHeaderValue.ParseList(response.Headers.GetValues("Set-Cookie").ToList())
            .Single(c => c.Name == "DEVCAS_TGC");

    public static string ValidationUrl(string endpoint, string? service, string? ticket, bool renew = false)
    {
        var parameters = new List<string>();
        if (service is not null)
        {
            parameters.Add($"service={Uri.EscapeDataString(service)}");
        }

        if (ticket is not null)
        {
            parameters.Add($"ticket={Uri.EscapeDataString(ticket)}");
        }

        if (renew)
        {
            parameters.Add("renew=true");
        }

        return $"/dev-cas/{endpoint}?{string.Join('&', parameters)}";
    }

    /// <summary>Validates at a CAS 2.0/3.0 endpoint and returns the single child of cas:serviceResponse.</summary>
    public async Task<XElement> ValidateXmlAsync(
        string? service, string? ticket, bool renew = false, string endpoint = "p3/serviceValidate")
    {
        using var response = await Client.GetAsync(ValidationUrl(endpoint, service, ticket, renew));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Cas + "serviceResponse", document.Root!.Name);
        return Assert.Single(document.Root.Elements());
    }

    /// <summary>Validates with <c>format=JSON</c> at a CAS 3.0 endpoint and returns the child of serviceResponse.</summary>
    public async Task<(string Name, JsonElement Value)> ValidateJsonAsync(
        string? service, string? ticket, string endpoint = "p3/serviceValidate", string? pgtUrl = null)
    {
        var url = ValidationUrl(endpoint, service, ticket) + "&format=JSON" +
                  (pgtUrl is null ? "" : "&pgtUrl=" + Uri.EscapeDataString(pgtUrl));
        using var response = await Client.GetAsync(url);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = Assert.Single(document.RootElement.EnumerateObject());
        Assert.Equal("serviceResponse", root.Name);
        var answer = Assert.Single(root.Value.EnumerateObject());
        // Cloned: the document is disposed on return.
        return (answer.Name, answer.Value.Clone());
    }

    /// <summary>Validates at a CAS 2.0/3.0 endpoint with a pgtUrl; returns the single child of cas:serviceResponse.</summary>
    public async Task<XElement> ValidateWithPgtUrlAsync(
        string service, string ticket, string pgtUrl, string endpoint = "p3/serviceValidate")
    {
        using var response = await Client.GetAsync(
            ValidationUrl(endpoint, service, ticket) + "&pgtUrl=" + Uri.EscapeDataString(pgtUrl));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Cas + "serviceResponse", document.Root!.Name);
        return Assert.Single(document.Root.Elements());
    }

    /// <summary>Calls /proxy and returns the single child of cas:serviceResponse.</summary>
    public async Task<XElement> ProxyAsync(string? pgt, string? targetService)
    {
        var parameters = new List<string>();
        if (pgt is not null)
        {
            parameters.Add($"pgt={Uri.EscapeDataString(pgt)}");
        }

        if (targetService is not null)
        {
            parameters.Add($"targetService={Uri.EscapeDataString(targetService)}");
        }

        using var response = await Client.GetAsync($"/dev-cas/proxy?{string.Join('&', parameters)}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Cas + "serviceResponse", document.Root!.Name);
        return Assert.Single(document.Root.Elements());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.StopAsync();
        _host.Dispose();
    }
}
