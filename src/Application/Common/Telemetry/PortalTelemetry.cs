using System.Diagnostics;

namespace CasPortal.Application.Common.Telemetry;

/// <summary>
/// The names the portal's own telemetry is published under, for the exporters to subscribe to, and the one
/// <see cref="ActivitySource"/> every layer starts its spans from. No span attribute ever holds a ticket, a session id,
/// a username or a client address.
/// </summary>
public static class PortalTelemetry
{
    public const string MeterName = "casportal";
    public const string ActivitySourceName = "casportal";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    /// <summary>Span names, stable so dashboards and trace queries can rely on them.</summary>
    public static class Spans
    {
        public const string ValidateTicket = "casportal.cas.validate_ticket";
        public const string RequestProxyTicket = "casportal.cas.request_proxy_ticket";
        public const string SignInDatabaseWork = "casportal.sign_in.store";
        public const string SingleLogout = "casportal.single_logout";
    }

    /// <summary>Attribute names: OpenTelemetry semantic conventions where one exists, <c>casportal.</c> otherwise.</summary>
    public static class Attributes
    {
        public const string ServerAddress = "server.address";
        public const string ServerPort = "server.port";
        public const string ErrorType = "error.type";
        public const string ProtocolVersion = "casportal.cas.protocol_version";
        public const string Outcome = "casportal.outcome";
        public const string Operation = "casportal.cas.operation";
        public const string TargetHost = "casportal.proxy.target_host";
        public const string Channel = "casportal.single_logout.channel";
        public const string EventType = "casportal.audit.event_type";
        public const string Policy = "casportal.rate_limit.policy";
        public const string ReauthenticationStep = "casportal.reauthentication.step";
    }
}
