using System.Net;
using OpenTelemetry.Exporter;

namespace CasPortal.Web.Telemetry;

/// <summary>The <c>Telemetry</c> configuration section: what the portal exports, where, and to whom (docs/OPERATIONS.md).</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>Off: no OpenTelemetry at all (no exporter, no scrape endpoint, no instrumentation), e.g. to measure its cost.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The <c>service.name</c> every metric and span carries.</summary>
    public string ServiceName { get; set; } = "casportal";

    public OtlpTelemetryOptions Otlp { get; set; } = new();

    public PrometheusTelemetryOptions Prometheus { get; set; } = new();

    /// <summary>One JSON object per log line (the built-in JSON console formatter), with scopes: trace id, span id, session reference.</summary>
    public bool JsonConsoleLogs { get; set; }

    /// <summary>How often the live-sessions gauge is recounted from the database.</summary>
    public TimeSpan LiveSessionsRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Push metrics and traces to an OpenTelemetry collector; off while no endpoint is set.</summary>
public sealed class OtlpTelemetryOptions
{
    public const string Grpc = "grpc";
    public const string HttpProtobuf = "http/protobuf";

    /// <summary>The collector's base URL, e.g. http://otel-collector:4317 (gRPC) or http://otel-collector:4318 (HTTP).</summary>
    public string? Endpoint { get; set; }

    /// <summary><c>grpc</c> or <c>http/protobuf</c>.</summary>
    public string Protocol { get; set; } = Grpc;

    public OtlpExportProtocol ExportProtocol => Protocol == HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
}

/// <summary>A Prometheus scrape endpoint, answered only to the allowed networks (and only on <see cref="Port"/> when set).</summary>
public sealed class PrometheusTelemetryOptions
{
    /// <summary>Unset: on in Development, off elsewhere.</summary>
    public bool? Enabled { get; set; }

    public string Path { get; set; } = "/metrics";

    /// <summary>When set, the endpoint answers only requests that arrived on this port (which must also be in the server's URLs).</summary>
    public int? Port { get; set; }

    /// <summary>Addresses or CIDR networks allowed to scrape; empty means loopback only.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    public bool IsEnabledIn(IHostEnvironment environment) => Enabled ?? environment.IsDevelopment();
}

public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            errors.Add("Telemetry:ServiceName must not be empty.");
        }

        if (!string.IsNullOrEmpty(options.Otlp.Endpoint) && !TelemetryRegistration.IsHttpUrl(options.Otlp.Endpoint))
        {
            errors.Add($"Telemetry:Otlp:Endpoint '{options.Otlp.Endpoint}' must be an absolute http or https URL, e.g. http://otel-collector:4317.");
        }

        if (options.Otlp.Protocol is not (OtlpTelemetryOptions.Grpc or OtlpTelemetryOptions.HttpProtobuf))
        {
            errors.Add($"Telemetry:Otlp:Protocol '{options.Otlp.Protocol}' must be '{OtlpTelemetryOptions.Grpc}' or '{OtlpTelemetryOptions.HttpProtobuf}'.");
        }

        var prometheus = options.Prometheus;
        if (!TelemetryRegistration.IsScrapePath(prometheus.Path))
        {
            errors.Add($"Telemetry:Prometheus:Path '{prometheus.Path}' must be a path of its own such as /metrics: starting with '/', without query or spaces.");
        }

        if (prometheus.Port is < 1 or > 65535)
        {
            errors.Add($"Telemetry:Prometheus:Port '{prometheus.Port}' must be between 1 and 65535.");
        }

        foreach (var network in prometheus.AllowedNetworks)
        {
            if (!ScrapeAccess.TryParseNetwork(network, out _))
            {
                errors.Add($"Telemetry:Prometheus:AllowedNetworks entry '{network}' must be an IP address or a CIDR network such as 10.0.0.0/8.");
            }
        }

        if (options.LiveSessionsRefreshInterval < TimeSpan.FromSeconds(5) || options.LiveSessionsRefreshInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"Telemetry:LiveSessionsRefreshInterval '{options.LiveSessionsRefreshInterval}' must be between 00:00:05 and 01:00:00.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Who may read the scrape endpoint.</summary>
public sealed class ScrapeAccess(PrometheusTelemetryOptions options)
{
    private static readonly IPNetwork[] Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    private readonly IPNetwork[] _allowed = options.AllowedNetworks.Count == 0
        ? Loopback
        : options.AllowedNetworks.Select(network => TryParseNetwork(network, out var parsed) ? parsed : (IPNetwork?)null)
            .OfType<IPNetwork>().ToArray();

    /// <summary>A scrape request: the path, the port when one is set, and a client address in an allowed network.</summary>
    public bool Allows(HttpContext context)
    {
        if (!string.Equals(context.Request.Path.Value, options.Path, StringComparison.OrdinalIgnoreCase)
            || (options.Port is { } port && context.Connection.LocalPort != port)
            || context.Connection.RemoteIpAddress is not { } client)
        {
            return false;
        }

        client = client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client;
        return _allowed.Any(network => network.Contains(client));
    }

    public static bool TryParseNetwork(string value, out IPNetwork network)
    {
        if (IPNetwork.TryParse(value, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(value, out var address))
        {
            network = new IPNetwork(address, address.GetAddressBytes().Length * 8);
            return true;
        }

        return false;
    }
}
