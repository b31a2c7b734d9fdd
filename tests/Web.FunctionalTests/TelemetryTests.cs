using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using CasPortal.Application.Common.Telemetry;
using CasPortal.Web.FunctionalTests.Infrastructure;
using CasPortal.Web.Telemetry;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CasPortal.Web.FunctionalTests;

/// <summary>
/// Meters and activity sources are process-wide by name, so these tests run alone: a portal of another test class
/// signing users in at the same moment would move the counters read here.
/// </summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryCollection;

/// <summary>What an operator watching the portal with Prometheus or an OpenTelemetry collector sees.</summary>
[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests
{
    private const string SignIns = "casportal_sign_in_attempts_total";
    private const string Validations = "casportal_cas_validation_duration_seconds_count";
    private const string SingleLogouts = "casportal_single_logout_requests_total";
    private const string Revocations = "casportal_sessions_revoked_total";
    private const string AuditWritten = "casportal_audit_events_written_total";

    [Fact]
    public async Task Each_counter_moves_by_exactly_what_a_sign_in_a_failed_ticket_a_single_logout_and_a_revocation_did()
    {
        await using var portal = new TelemetryPortalFactory();
        using var scraper = portal.NewBrowser();
        using var bob = portal.NewBrowser();
        var before = await PrometheusScrape.ReadAsync(scraper);

        await bob.SignInAsync("bob", "bob");
        var afterSignIn = await PrometheusScrape.ReadAsync(scraper);

        Assert.Equal(1, Moved(before, afterSignIn, SignIns, ("casportal_outcome", "success")));
        Assert.Equal(0, Moved(before, afterSignIn, SignIns, ("casportal_outcome", "failure")));
        Assert.Equal(1, Moved(before, afterSignIn, Validations, ("casportal_cas_protocol_version", "3.0"), ("casportal_outcome", "success")));
        Assert.Equal(1, Moved(before, afterSignIn, AuditWritten, ("casportal_audit_event_type", "LoginSucceeded")));

        using var stranger = portal.NewBrowser();
        var service = await stranger.StartSignInAsync();
        await stranger.GetAsync(service.WithTicket("ST-404-never-issued"));
        var afterFailure = await PrometheusScrape.ReadAsync(scraper);

        Assert.Equal(1, Moved(afterSignIn, afterFailure, SignIns, ("casportal_outcome", "failure"), ("error_type", "INVALID_TICKET")));
        Assert.Equal(0, Moved(afterSignIn, afterFailure, SignIns, ("casportal_outcome", "success")));
        Assert.Equal(1, Moved(afterSignIn, afterFailure, Validations, ("casportal_outcome", "rejected")));
        Assert.Equal(0, Moved(afterSignIn, afterFailure, "casportal_cas_back_channel_errors_total"));

        using var casServer = portal.NewBrowser();
        var logout = await casServer.PostFormAsync("/login",
            [KeyValuePair.Create("logoutRequest", SingleLogoutTests.LogoutRequestXml(SignInJourneyTests.Query(bob.TicketCallback(), "ticket")))]);
        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        var afterLogout = await PrometheusScrape.ReadAsync(scraper);

        Assert.Equal(1, Moved(afterFailure, afterLogout, SingleLogouts, ("casportal_single_logout_channel", "back_channel"), ("casportal_outcome", "accepted")));
        Assert.Equal(1, Moved(afterFailure, afterLogout, SingleLogouts));
        Assert.Equal(1, Moved(afterFailure, afterLogout, AuditWritten, ("casportal_audit_event_type", "SingleLogout")));

        using var bobElsewhere = portal.NewBrowser();
        await bobElsewhere.SignInAsync("bob", "bob");
        using var alice = portal.NewBrowser();
        await alice.SignInAsync("alice", "alice");
        var bobSession = await LatestSessionReferenceAsync(portal, "bob");
        var list = await alice.GetAsync("/admin/sessions?user=bob");
        var beforeRevocation = await PrometheusScrape.ReadAsync(scraper);

        var revoke = await alice.ConfirmAsync(await alice.SubmitFormAsync(list, $"form:has(input[name=session][value='{bobSession}'])"));
        Assert.Equal(HttpStatusCode.Found, revoke.StatusCode);
        var afterRevocation = await PrometheusScrape.ReadAsync(scraper);

        Assert.Equal(1, Moved(beforeRevocation, afterRevocation, Revocations));
        Assert.Equal(1, Moved(beforeRevocation, afterRevocation, "casportal_reauthentication_events_total", ("casportal_reauthentication_step", "required")));
        Assert.Equal(1, Moved(beforeRevocation, afterRevocation, AuditWritten, ("casportal_audit_event_type", "SessionRevoked")));
        Assert.Equal(0, Moved(beforeRevocation, afterRevocation, SignIns));
    }

    [Fact]
    public async Task The_live_sessions_gauge_reports_the_last_count_and_429s_are_counted_by_policy()
    {
        await using var portal = new TelemetryPortalFactory(new() { ["RateLimits:LogoutPerMinute"] = "1" });
        using var scraper = portal.NewBrowser();
        using var alice = portal.NewBrowser();
        using var bob = portal.NewBrowser();
        await alice.SignInAsync("alice", "alice");
        await bob.SignInAsync("bob", "bob");

        await portal.Services.GetServices<IHostedService>().OfType<LiveSessionsRefresher>().Single().CountAsync(default);
        var counted = await PrometheusScrape.ReadAsync(scraper);
        using var visitor = portal.NewBrowser();
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await visitor.GetAsync("/logout")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await visitor.GetAsync("/logout")).StatusCode);
        var limited = await PrometheusScrape.ReadAsync(scraper);

        Assert.Equal(2, counted.Total("casportal_sessions_live"));
        Assert.Equal(1, Moved(counted, limited, "casportal_rate_limit_rejections_total", ("casportal_rate_limit_policy", "logout")));
    }

    [Fact]
    public async Task The_validation_span_carries_the_CAS_server_protocol_and_outcome_inside_the_callers_trace()
    {
        await using var portal = new TelemetryPortalFactory();
        using var browser = portal.NewBrowser();
        var casForm = await browser.FollowAsync(await browser.GetAsync("/login"));
        var answer = await browser.SubmitFormAsync(casForm, "form", new Dictionary<string, string> { ["username"] = "alice", ["password"] = "alice" });
        using var caller = new Activity("a caller upstream of the portal") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start();
        var traceId = caller.TraceId;

        // The test's HttpClient sends the caller's trace context (traceparent) with the ticket callback.
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync(PortalBrowser.Location(answer).ToString())).StatusCode);
        caller.Stop();

        var matching = portal.Spans.Where(s => s.OperationName == PortalTelemetry.Spans.ValidateTicket && s.TraceId == traceId).ToList();
        Assert.True(matching.Count == 1,
            string.Join("\n", portal.Spans.Select(s => $"{s.OperationName} {s.DisplayName} {s.Kind} {s.TraceId} {s.ParentSpanId} {s.Source.Name}")) + $"\nwanted {traceId}");
        var validation = matching[0];
        Assert.Equal("127.0.0.1", validation.GetTagItem("server.address"));
        Assert.Equal(portal.Port, validation.GetTagItem("server.port"));
        Assert.Equal("3.0", validation.GetTagItem("casportal.cas.protocol_version"));
        Assert.Equal("success", validation.GetTagItem("casportal.outcome"));
        Assert.Null(validation.GetTagItem("error.type"));
        Assert.Contains(portal.Spans, s => s.OperationName == PortalTelemetry.Spans.SignInDatabaseWork && s.TraceId == traceId);
        Assert.Contains(portal.Spans, s => s.Kind == ActivityKind.Server && s.TraceId == traceId && s.ParentSpanId != default);
    }

    [Fact]
    public async Task No_ticket_and_no_session_id_appears_in_any_span_metric_or_log_line_and_log_scopes_carry_the_session_reference()
    {
        await using var portal = new TelemetryPortalFactory();
        using var alice = portal.NewBrowser();
        using var bob = portal.NewBrowser();
        await alice.SignInAsync("alice", "alice");
        var aliceTicket = SignInJourneyTests.Query(alice.TicketCallback(), "ticket");
        var aliceSession = portal.SessionIdInCookie(alice);
        var aliceReference = await LatestSessionReferenceAsync(portal, "alice");
        await alice.SignInAsync("alice", "alice"); // a second sign-in while signed in: logged inside alice's session scope
        var aliceSecondTicket = SignInJourneyTests.Query(alice.TicketCallback(), "ticket");
        await bob.SignInAsync("bob", "bob");
        var bobTicket = SignInJourneyTests.Query(bob.TicketCallback(), "ticket");
        var bobSession = portal.SessionIdInCookie(bob);
        using var other = portal.NewBrowser();
        await other.GetAsync("/login?ticket=ST-777-forged-by-a-stranger");
        await other.GetAsync("/login?logoutRequest=" + Uri.EscapeDataString(SingleLogoutTests.Deflated(SingleLogoutTests.LogoutRequestXml(bobTicket))));
        await other.GetAsync("/metrics");
        portal.Services.GetRequiredService<MeterProvider>().ForceFlush();
        portal.Services.GetRequiredService<TracerProvider>().ForceFlush();

        var everything = new StringBuilder();
        foreach (var span in portal.Spans)
        {
            everything.AppendLine(span.DisplayName).AppendLine(span.StatusDescription);
            foreach (var (key, value) in span.TagObjects)
            {
                everything.Append(key).Append('=').AppendLine(value?.ToString());
            }

            foreach (var spanEvent in span.Events)
            {
                everything.AppendLine(spanEvent.Name).AppendJoin(' ', spanEvent.Tags.Select(t => $"{t.Key}={t.Value}")).AppendLine();
            }
        }

        foreach (var metric in portal.Metrics)
        {
            everything.AppendLine(metric.Name);
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    everything.Append(tag.Key).Append('=').AppendLine(tag.Value?.ToString());
                }
            }
        }

        everything.AppendJoin('\n', portal.LogLines).AppendJoin('\n', portal.ScopedLogLines);
        var text = everything.ToString();

        Assert.Contains(portal.Spans, s => s.OperationName == PortalTelemetry.Spans.SingleLogout);
        Assert.Contains(portal.Metrics, m => m.Name == "casportal.sign_in.attempts");
        foreach (var secret in new[] { aliceTicket, aliceSecondTicket, bobTicket, "ST-777-forged-by-a-stranger", aliceSession, bobSession })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Uri.EscapeDataString(secret), text, StringComparison.Ordinal);
        }

        Assert.Contains(portal.ScopedLogLines, line => line.Contains($"SessionRef={aliceReference}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_scrape_endpoint_is_off_outside_Development_unless_configured()
    {
        await using var production = new TelemetryPortalFactory(ProductionSettings(), environment: "Production");
        using var browser = production.NewBrowser();

        var scrape = await browser.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, scrape.StatusCode);
        Assert.DoesNotContain("casportal_", await scrape.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switched_on_in_Production_it_answers_at_the_configured_path()
    {
        var settings = ProductionSettings();
        settings["Telemetry:Prometheus:Enabled"] = "true";
        settings["Telemetry:Prometheus:Path"] = "/internal/metrics";
        await using var production = new TelemetryPortalFactory(settings, environment: "Production");
        using var browser = production.NewBrowser();
        await browser.GetAsync("/");

        var scrape = await browser.GetAsync("/internal/metrics");

        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Contains("http_server_request_duration_seconds", await scrape.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/metrics")).StatusCode);
    }

    [Theory]
    [InlineData("Telemetry:Prometheus:AllowedNetworks:0", "10.0.0.0/8")]
    [InlineData("Telemetry:Prometheus:Port", "1")]
    [InlineData("Telemetry:Enabled", "false")]
    public async Task The_scrape_endpoint_refuses_a_client_outside_its_networks_or_port(string key, string value)
    {
        await using var portal = new TelemetryPortalFactory(new() { [key] = value });
        using var browser = portal.NewBrowser();

        var scrape = await browser.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, scrape.StatusCode);
        Assert.DoesNotContain("casportal_", await scrape.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_in_an_allowed_network_may_scrape()
    {
        await using var portal = new TelemetryPortalFactory(new() { ["Telemetry:Prometheus:AllowedNetworks:0"] = "127.0.0.1" });
        using var browser = portal.NewBrowser();

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task A_CAS_outage_shows_on_health_cas_and_leaves_the_node_ready()
    {
        await using var portal = new ScriptedCasPortalFactory();
        portal.Cas.Respond = ScriptedCasServer.Answer(503, "text/plain", "down for maintenance");
        using var monitor = portal.NewBrowser();

        var cas = await monitor.GetAsync("/health/cas");
        var ready = await monitor.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, cas.StatusCode);
        Assert.Equal("CAS unreachable: CAS server answered HTTP 503", await cas.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_reachable_CAS_server_is_reported_on_health_cas()
    {
        await using var portal = new TelemetryPortalFactory();
        using var monitor = portal.NewBrowser();

        var cas = await monitor.GetAsync("/health/cas");

        Assert.Equal(HttpStatusCode.OK, cas.StatusCode);
        Assert.Equal("CAS reachable", await cas.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_JSON_log_switch_selects_the_built_in_JSON_formatter_with_scopes()
    {
        await using var portal = new TelemetryPortalFactory(new() { ["Telemetry:JsonConsoleLogs"] = "true" });
        portal.NewBrowser().Dispose();

        Assert.Equal(ConsoleFormatterNames.Json, portal.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
        Assert.True(portal.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue.IncludeScopes);
    }

    [Fact]
    public async Task Every_bad_telemetry_value_stops_start_up_with_its_key_named()
    {
        await using var portal = new TelemetryPortalFactory(new()
        {
            ["Telemetry:Otlp:Endpoint"] = "collector:4317",
            ["Telemetry:Otlp:Protocol"] = "udp",
            ["Telemetry:Prometheus:Path"] = "metrics",
            ["Telemetry:Prometheus:Port"] = "70000",
            ["Telemetry:Prometheus:AllowedNetworks:0"] = "10.0.0.0/33",
            ["Telemetry:LiveSessionsRefreshInterval"] = "00:00:01",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => portal.NewBrowser());

        Assert.Equal(
            [
                "Telemetry:Otlp:Endpoint 'collector:4317' must be an absolute http or https URL, e.g. http://otel-collector:4317.",
                "Telemetry:Otlp:Protocol 'udp' must be 'grpc' or 'http/protobuf'.",
                "Telemetry:Prometheus:Path 'metrics' must be a path of its own such as /metrics: starting with '/', without query or spaces.",
                "Telemetry:Prometheus:Port '70000' must be between 1 and 65535.",
                "Telemetry:Prometheus:AllowedNetworks entry '10.0.0.0/33' must be an IP address or a CIDR network such as 10.0.0.0/8.",
                "Telemetry:LiveSessionsRefreshInterval '00:00:01' must be between 00:00:05 and 01:00:00.",
            ],
            failure.Failures);
    }

    [Theory]
    [InlineData("INVALID_TICKET", "INVALID_TICKET")]
    [InlineData("PROXY_GRANTING_TICKET_MISSING", "PROXY_GRANTING_TICKET_MISSING")]
    [InlineData("ST-1-looks-like-a-ticket", "OTHER")]
    [InlineData("alice@example.edu", "OTHER")]
    [InlineData("", "OTHER")]
    public void A_failure_code_becomes_a_label_only_when_it_looks_like_a_CAS_code(string code, string label)
    {
        Assert.Equal(label, PortalMetrics.CodeLabel(code));
    }

    private static double Moved(PrometheusScrape before, PrometheusScrape after, string name, params (string, string)[] labels) =>
        after.Total(name, labels) - before.Total(name, labels);

    private static Task<string> LatestSessionReferenceAsync(PortalFactory portal, string username) =>
        portal.QueryAsync(db => db.Sessions.AsNoTracking()
            .Where(s => s.Username == username).OrderByDescending(s => s.CreatedAt).Select(s => s.Reference).FirstAsync());

    private static Dictionary<string, string?> ProductionSettings() => new()
    {
        ["Cas:ServerUrl"] = "https://cas.example.edu/cas",
    };

    /// <summary>The portal with in-memory span and metric exporters beside its own, and log lines with their scopes.</summary>
    private sealed class TelemetryPortalFactory(Dictionary<string, string?>? settings = null, string environment = "Development") : PortalFactory
    {
        public List<Activity> Spans { get; } = [];

        public List<MetricSnapshot> Metrics { get; } = [];

        public ConcurrentQueue<string> ScopedLogLines { get; } = new();

        protected override IReadOnlyDictionary<string, string?> ExtraSettings => settings ?? [];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<ILoggerProvider>(new ScopeCapturingLoggerProvider(ScopedLogLines));
                services.AddOpenTelemetry()
                    .WithTracing(tracing => tracing.AddInMemoryExporter(Spans))
                    .WithMetrics(metrics => metrics.AddInMemoryExporter(Metrics));
            });
        }
    }

    private sealed class ScopeCapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConcurrentQueue<string> _lines = lines;
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ILogger CreateLogger(string categoryName) => new ScopeCapturingLogger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class ScopeCapturingLogger(ScopeCapturingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var line = new StringBuilder($"{category} {formatter(state, exception)}");
                provider._scopes.ForEachScope((scope, text) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> values)
                    {
                        foreach (var (key, value) in values)
                        {
                            text.Append(' ').Append(key).Append('=').Append(value);
                        }
                    }
                    else
                    {
                        text.Append(' ').Append(scope);
                    }
                }, line);
                provider._lines.Enqueue(line.ToString());
            }
        }
    }
}
