using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using CasPortal.Application.Sessions.SingleLogout;
using static CasPortal.Application.Common.Telemetry.PortalTelemetry;

namespace CasPortal.Application.Common.Telemetry;

/// <summary>
/// The portal's own metrics (docs/OPERATIONS.md says what each means). Every label value comes from a short fixed
/// list — outcomes, codes, channels, policy names — never from a user: no username, ticket, session id or address.
/// Recording costs next to nothing when no exporter listens.
/// </summary>
public sealed partial class PortalMetrics
{
    public const string OtherCode = "OTHER";

    private readonly Counter<long> _signInAttempts;
    private readonly Histogram<double> _validationDuration;
    private readonly Counter<long> _backChannelErrors;
    private readonly Counter<long> _singleLogoutRequests;
    private readonly Counter<long> _sessionsRevoked;
    private readonly Counter<long> _reauthentication;
    private readonly Counter<long> _rateLimitRejections;
    private readonly Counter<long> _auditEventsWritten;
    private readonly Counter<long> _auditEventsPurged;
    private long _liveSessions = -1;

    public PortalMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _signInAttempts = meter.CreateCounter<long>("casportal.sign_in.attempts", "{attempt}",
            "Ticket validations that ended a sign-in, by outcome (success, failure) and failure code (error.type).");
        _validationDuration = meter.CreateHistogram("casportal.cas.validation.duration", "s",
            "Time the CAS server took to answer a ticket validation, by protocol version and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _backChannelErrors = meter.CreateCounter<long>("casportal.cas.back_channel.errors", "{error}",
            "CAS back-channel requests that got no usable answer (timeout, unreachable, HTTP status, oversized, malformed).");
        _singleLogoutRequests = meter.CreateCounter<long>("casportal.single_logout.requests", "{request}",
            "Single-logout requests from the CAS server, by channel and outcome.");
        _sessionsRevoked = meter.CreateCounter<long>("casportal.sessions.revoked", "{session}",
            "Sessions ended by an administrator.");
        _reauthentication = meter.CreateCounter<long>("casportal.reauthentication.events", "{event}",
            "Password requirements after a revocation, by step (required, sign_in_restarted, reauthenticated, lifted).");
        _rateLimitRejections = meter.CreateCounter<long>("casportal.rate_limit.rejections", "{request}",
            "Requests refused with 429 by a rate-limit policy.");
        _auditEventsWritten = meter.CreateCounter<long>("casportal.audit.events.written", "{event}",
            "Audit events committed to the database, by event type.");
        _auditEventsPurged = meter.CreateCounter<long>("casportal.audit.events.purged", "{event}",
            "Audit events deleted by the retention policy.");
        meter.CreateObservableGauge("casportal.sessions.live", ObserveLiveSessions, "{session}",
            "Sessions neither ended nor expired, across all nodes, as of the last periodic count.");
    }

    /// <param name="failureCode">Null for a sign-in that succeeded; else the CAS or portal failure code.</param>
    public void SignInAttempted(string? failureCode)
    {
        if (failureCode is null)
        {
            _signInAttempts.Add(1, new KeyValuePair<string, object?>(Attributes.Outcome, "success"));
            return;
        }

        _signInAttempts.Add(1,
            new KeyValuePair<string, object?>(Attributes.Outcome, "failure"),
            new KeyValuePair<string, object?>(Attributes.ErrorType, CodeLabel(failureCode)));
    }

    /// <param name="outcome">One of <see cref="CasOutcomes"/>.</param>
    public void TicketValidated(CasProtocol protocol, string outcome, TimeSpan elapsed) =>
        _validationDuration.Record(elapsed.TotalSeconds,
            new KeyValuePair<string, object?>(Attributes.ProtocolVersion, ProtocolLabel(protocol)),
            new KeyValuePair<string, object?>(Attributes.Outcome, outcome));

    /// <param name="operation">"validate" or "proxy".</param>
    public void BackChannelFailed(string operation, string failureCode) =>
        _backChannelErrors.Add(1,
            new KeyValuePair<string, object?>(Attributes.Operation, operation),
            new KeyValuePair<string, object?>(Attributes.ErrorType, CodeLabel(failureCode)));

    public void SingleLogoutHandled(SingleLogoutChannel channel, SingleLogoutOutcome outcome) =>
        _singleLogoutRequests.Add(1,
            new KeyValuePair<string, object?>(Attributes.Channel, ChannelLabel(channel)),
            new KeyValuePair<string, object?>(Attributes.Outcome, OutcomeLabel(outcome)));

    public void SessionsRevoked(int count)
    {
        if (count > 0)
        {
            _sessionsRevoked.Add(count);
        }
    }

    /// <summary>One step of a re-authentication requirement, named by the audit event that records it.</summary>
    public void ReauthenticationStep(AuditEventType type)
    {
        var step = type switch
        {
            AuditEventType.ReauthenticationRequired => "required",
            AuditEventType.SignInRestartedForReauthentication => "sign_in_restarted",
            AuditEventType.ReauthenticatedWithCredentials => "reauthenticated",
            AuditEventType.ReauthenticationLifted => "lifted",
            _ => null,
        };
        if (step is not null)
        {
            _reauthentication.Add(1, new KeyValuePair<string, object?>(Attributes.ReauthenticationStep, step));
        }
    }

    /// <param name="policy">The rate-limit policy's name as the code declares it.</param>
    public void RateLimitRejected(string policy) =>
        _rateLimitRejections.Add(1, new KeyValuePair<string, object?>(Attributes.Policy, policy));

    public void AuditEventsWritten(AuditEventType type, int count) =>
        _auditEventsWritten.Add(count, new KeyValuePair<string, object?>(Attributes.EventType, type.ToString()));

    public void AuditEventsPurged(int count)
    {
        if (count > 0)
        {
            _auditEventsPurged.Add(count);
        }
    }

    /// <summary>The latest count of live sessions; the gauge reports it until the next count replaces it.</summary>
    public void LiveSessionsCounted(long count) => Interlocked.Exchange(ref _liveSessions, count);

    public static string ProtocolLabel(CasProtocol protocol) => protocol switch
    {
        CasProtocol.V1 => "1.0",
        CasProtocol.V2 => "2.0",
        CasProtocol.V3 => "3.0",
        CasProtocol.Saml11 => "saml1.1",
        _ => OtherCode,
    };

    public static string ChannelLabel(SingleLogoutChannel channel) =>
        channel == SingleLogoutChannel.BackChannel ? "back_channel" : "front_channel";

    public static string OutcomeLabel(SingleLogoutOutcome outcome) => outcome switch
    {
        SingleLogoutOutcome.Accepted => "accepted",
        SingleLogoutOutcome.Malformed => "malformed",
        SingleLogoutOutcome.SourceNotAllowed => "source_not_allowed",
        _ => "other",
    };

    /// <summary>
    /// A failure code as a label: CAS codes are short upper-case words, so anything else a server might send is
    /// folded into one value instead of growing a new series.
    /// </summary>
    public static string CodeLabel(string code) => FailureCode().IsMatch(code) ? code : OtherCode;

    private IEnumerable<Measurement<long>> ObserveLiveSessions()
    {
        var count = Interlocked.Read(ref _liveSessions);
        return count < 0 ? [] : [new Measurement<long>(count)];
    }

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,47}$", RegexOptions.CultureInvariant)]
    private static partial Regex FailureCode();

    /// <summary>The outcome label of a ticket validation or proxy-ticket request.</summary>
    public static class CasOutcomes
    {
        public const string Success = "success";
        public const string Rejected = "rejected";
        public const string Error = "error";
        public const string Timeout = "timeout";
    }
}
