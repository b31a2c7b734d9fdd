using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Options;
using CasPortal.Infrastructure.Cas;
using Microsoft.Extensions.DependencyInjection;

namespace CasPortal.Infrastructure.Tests.Cas;

/// <summary>The registered client against a real socket: what a CAS server sees on the wire.</summary>
public class CasServiceCollectionExtensionsTests
{
    private const string Service = "https://portal.example.edu/login?next=%2Fadmin";

    private static readonly string SuccessXml = Samples.Read("cas2-serviceValidate-success.xml");

    [Fact]
    public async Task Registered_gateway_sends_the_exact_validation_request_and_does_not_follow_a_redirect()
    {
        await using var server = new LoopbackCasServer(
            LoopbackCasServer.Response("302 Found", string.Empty, "Location: /cas/login"),
            LoopbackCasServer.Response("200 OK", SuccessXml));
        await using var provider = Provider(server.ServerUrl);

        var result = await provider.GetRequiredService<ICasGateway>()
            .ValidateServiceTicketAsync("ST-1&service=https://evil.example/", Service, CancellationToken.None);

        Assert.Equal(CasFailureCodes.HttpStatus, result.Failure?.Code);
        var head = Assert.Single(server.RequestHeads);
        var lines = head.Split("\r\n");
        Assert.Equal(
            "GET /cas/p3/serviceValidate?service=https%3A%2F%2Fportal.example.edu%2Flogin%3Fnext%3D%252Fadmin"
            + "&ticket=ST-1%26service%3Dhttps%3A%2F%2Fevil.example%2F HTTP/1.1",
            lines[0]);
        Assert.Contains("User-Agent: CasPortal", lines);
    }

    [Fact]
    public async Task Registered_gateway_keeps_no_cookies_between_validations()
    {
        await using var server = new LoopbackCasServer(
            LoopbackCasServer.Response("200 OK", SuccessXml, "Set-Cookie: JSESSIONID=alice-session; Path=/"),
            LoopbackCasServer.Response("200 OK", SuccessXml.Replace("alice", "bob", StringComparison.Ordinal)));
        await using var provider = Provider(server.ServerUrl);
        var gateway = provider.GetRequiredService<ICasGateway>();

        var first = await gateway.ValidateServiceTicketAsync("ST-1-a", Service, CancellationToken.None);
        var second = await gateway.ValidateServiceTicketAsync("ST-2-b", Service, CancellationToken.None);

        Assert.Equal(("alice", "bob"), (first.Assertion?.Username, second.Assertion?.Username));
        Assert.Equal(2, server.RequestHeads.Count);
        Assert.DoesNotContain(server.RequestHeads[1].Split("\r\n"), line => line.StartsWith("Cookie:", StringComparison.OrdinalIgnoreCase));
    }

    private static ServiceProvider Provider(string serverUrl)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<CasOptions>().Configure(options =>
        {
            options.ServerUrl = serverUrl;
            options.ValidationTimeout = TimeSpan.FromSeconds(5);
        });
        services.AddCasGateway();
        return services.BuildServiceProvider();
    }
}
