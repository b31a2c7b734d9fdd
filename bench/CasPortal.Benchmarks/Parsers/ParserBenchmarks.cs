using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using CasPortal.Application.Authentication;
using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Options;
using CasPortal.Benchmarks.Common;
using CasPortal.Infrastructure.Cas;

namespace CasPortal.Benchmarks.Parsers;

public static class ParserSuite
{
    public static int Run(string[] args)
    {
        CheckAnswers();
        var config = DefaultConfig.Instance
            .WithArtifactsPath(Path.Combine(RepoPaths.Root, "bench", "CasPortal.Benchmarks", "BenchmarkDotNet.Artifacts"));
        // Without --filter the switcher would ask on the console which benchmarks to run.
        var switcherArgs = args.Contains("--filter") ? args : [.. args, "--filter", "*"];
        var summaries = BenchmarkSwitcher.FromTypes([typeof(CasParserBenchmarks), typeof(CasUrlBenchmarks)]).Run(switcherArgs, config);
        var tenAttributes = summaries.SelectMany(s => s.Reports)
            .FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(CasParserBenchmarks.Cas3XmlSuccessTenAttributes));
        if (tenAttributes?.ResultStatistics is { } stats)
        {
            Targets.Record("CAS 3.0 XML answer with ten attributes parsed in ≤ 10 µs", $"{stats.Median / 1000:F2} µs median", stats.Median <= 10_000);
        }

        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }

    /// <summary>A benchmark of a parser that fails on its input would measure the wrong path: check each answer first.</summary>
    private static void CheckAnswers()
    {
        var b = new CasParserBenchmarks();
        Expect(b.Cas1Success(), true, 0);
        Expect(b.Cas1Failure(), false, 0);
        Expect(b.Cas2XmlSuccess(), true, 0);
        Expect(b.Cas3XmlSuccessTenAttributes(), true, 10);
        Expect(b.Cas3XmlFailure(), false, 0);
        Expect(b.Cas3JsonSuccessTenAttributes(), true, 10);
        Expect(b.Cas3JsonFailure(), false, 0);
        Expect(b.Saml11SuccessTenAttributes(), true, 10);
        if (!b.ProxySuccess().Succeeded)
        {
            throw new InvalidOperationException("The proxy answer does not parse as a success.");
        }
    }

    private static void Expect(CasValidationResult result, bool success, int attributes)
    {
        if (result.Succeeded != success || (success && result.Assertion!.Attributes.Count != attributes))
        {
            throw new InvalidOperationException(
                $"Sample parsed as {(result.Succeeded ? $"success with {result.Assertion!.Attributes.Count} attributes" : result.Failure!.Reason)}, expected {(success ? $"success with {attributes}" : "a refusal")}.");
        }
    }
}

/// <summary>Each CAS answer format and version through its real parser (src/Infrastructure/Cas).</summary>
[MemoryDiagnoser]
public class CasParserBenchmarks
{
    private readonly TimeSpan _skew = TimeSpan.FromMinutes(2);

    [Benchmark(Description = "CAS 1.0 text, yes")]
    public CasValidationResult Cas1Success() => Cas1ResponseParser.Parse(CasAnswers.Cas1Success);

    [Benchmark(Description = "CAS 1.0 text, no")]
    public CasValidationResult Cas1Failure() => Cas1ResponseParser.Parse(CasAnswers.Cas1Failure);

    [Benchmark(Description = "CAS 2.0 XML, success, no attributes")]
    public CasValidationResult Cas2XmlSuccess() => CasServiceResponseParser.Parse(CasAnswers.Cas2Success);

    [Benchmark(Description = "CAS 3.0 XML, success, 10 attributes")]
    public CasValidationResult Cas3XmlSuccessTenAttributes() => CasServiceResponseParser.Parse(CasAnswers.Cas3XmlSuccessTenAttributes);

    [Benchmark(Description = "CAS 3.0 XML, INVALID_TICKET")]
    public CasValidationResult Cas3XmlFailure() => CasServiceResponseParser.Parse(CasAnswers.Cas3XmlFailure);

    [Benchmark(Description = "CAS 3.0 JSON, success, 10 attributes")]
    public CasValidationResult Cas3JsonSuccessTenAttributes() => CasJsonResponseParser.Parse(CasAnswers.Cas3JsonSuccessTenAttributes);

    [Benchmark(Description = "CAS 3.0 JSON, INVALID_TICKET")]
    public CasValidationResult Cas3JsonFailure() => CasJsonResponseParser.Parse(CasAnswers.Cas3JsonFailure);

    [Benchmark(Description = "SAML 1.1 SOAP, success, 10 attributes")]
    public CasValidationResult Saml11SuccessTenAttributes() => Saml11ResponseParser.Parse(CasAnswers.Saml11SuccessTenAttributes, CasAnswers.SamlNow, _skew);

    [Benchmark(Description = "CAS 2.0/3.0 /proxy XML, success")]
    public ProxyTicketResult ProxySuccess() => CasProxyResponseParser.Parse(CasAnswers.ProxySuccess);
}

/// <summary>The service URL and the CAS URLs built from it (src/Application/Authentication, src/Infrastructure/Cas).</summary>
[MemoryDiagnoser]
public class CasUrlBenchmarks
{
    private const string PublicBaseUrl = "https://portal.example.edu";
    private const string Ticket = "ST-1856339-aA5Yuvrxzpv8Tau1cYQ7.cas-node-01.example.edu";
    private readonly string _service = ServiceUrls.ForLogin(PublicBaseUrl, "/profile");
    private readonly CasOptions _v3 = new() { ServerUrl = "https://cas.example.edu/cas", ProtocolVersion = CasProtocol.V3 };
    private readonly CasOptions _v3JsonProxy = new()
    {
        ServerUrl = "https://cas.example.edu/cas",
        ProtocolVersion = CasProtocol.V3,
        ResponseFormat = CasResponseFormat.Json,
        ProxyCallbackUrl = "https://portal.example.edu/proxy-callback",
    };
    private readonly CasOptions _v1 = new() { ServerUrl = "https://cas.example.edu/cas", ProtocolVersion = CasProtocol.V1 };
    private readonly CasOptions _saml = new() { ServerUrl = "https://cas.example.edu/cas", ProtocolVersion = CasProtocol.Saml11 };

    [Benchmark(Description = "service URL (ServiceUrls.ForLogin)")]
    public string ServiceUrl() => ServiceUrls.ForLogin(PublicBaseUrl, "/profile");

    [Benchmark(Description = "login URL (CasUrlBuilder.Login)")]
    public string LoginUrl() => CasUrlBuilder.Login(_v3, _service, gatewayAttempt: false);

    [Benchmark(Description = "CAS 1.0 /validate URL")]
    public string Cas1ValidationUrl() => CasUrlBuilder.Validation(_v1, _service, Ticket);

    [Benchmark(Description = "CAS 3.0 /p3/serviceValidate URL")]
    public string Cas3ValidationUrl() => CasUrlBuilder.Validation(_v3, _service, Ticket);

    [Benchmark(Description = "CAS 3.0 validation URL, JSON + pgtUrl")]
    public string Cas3JsonProxyValidationUrl() => CasUrlBuilder.Validation(_v3JsonProxy, _service, Ticket);

    [Benchmark(Description = "SAML 1.1 /samlValidate URL")]
    public string SamlValidateUrl() => CasUrlBuilder.SamlValidate(_saml, _service);

    [Benchmark(Description = "SAML 1.1 SOAP request body")]
    public string SamlRequestBody() => Saml11RequestWriter.Write(Ticket, "_0123456789abcdef0123456789abcdef", CasAnswers.SamlNow);
}
