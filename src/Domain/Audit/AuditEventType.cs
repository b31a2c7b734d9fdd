namespace CasPortal.Domain.Audit;

/// <summary>Every kind of event the portal records. The numbers are stored: never reuse one.</summary>
public enum AuditEventType
{
    LoginStarted = 1,
    LoginSucceeded = 2,
    LoginFailed = 3,
    Logout = 4,
    SingleLogout = 5,
    SessionExpired = 6,
    SessionRevoked = 7,
    AccessDenied = 8,
    RequestRejected = 9,
    SingleLogoutRefused = 10,
    ProxyTicketIssued = 11,
    ProxyTicketRefused = 12,
    AuditPurged = 13,
    ReauthenticationRequired = 14,
    SignInRestartedForReauthentication = 15,
    ReauthenticatedWithCredentials = 16,
    ReauthenticationLifted = 17,
}

public static class AuditEventTypes
{
    private static readonly Dictionary<AuditEventType, (string Description, bool IsFailure)> Catalogue = new()
    {
        [AuditEventType.LoginStarted] = ("Sign-in started: the browser was sent to the CAS server", false),
        [AuditEventType.LoginSucceeded] = ("Sign-in succeeded: the CAS server vouched for the user", false),
        [AuditEventType.LoginFailed] = ("Sign-in failed", true),
        [AuditEventType.Logout] = ("Signed out from the portal", false),
        [AuditEventType.SingleLogout] = ("Signed out by the CAS server (single logout)", false),
        [AuditEventType.SessionExpired] = ("Session expired", false),
        [AuditEventType.SessionRevoked] = ("Session revoked by an administrator", false),
        [AuditEventType.AccessDenied] = ("Access to an administrator page denied", true),
        [AuditEventType.RequestRejected] = ("Request rejected as malformed", true),
        [AuditEventType.SingleLogoutRefused] = ("Single logout request refused: not from an allowed CAS server address", true),
        [AuditEventType.ProxyTicketIssued] = ("Proxy ticket obtained to call a linked service for the user", false),
        [AuditEventType.ProxyTicketRefused] = ("Proxy ticket refused by the CAS server", true),
        [AuditEventType.AuditPurged] = ("Old audit events removed by the retention policy", false),
        [AuditEventType.ReauthenticationRequired] = ("Password required at the next sign-in (single sign-on no longer enough)", false),
        [AuditEventType.SignInRestartedForReauthentication] = ("Sign-in restarted with renew: single sign-on refused, the password must be typed again", false),
        [AuditEventType.ReauthenticatedWithCredentials] = ("Signed in again with a typed password", false),
        [AuditEventType.ReauthenticationLifted] = ("Password requirement lifted", false),
    };

    public static IReadOnlyCollection<AuditEventType> All => Catalogue.Keys;

    public static IReadOnlyList<AuditEventType> Failures { get; } = Catalogue.Where(e => e.Value.IsFailure).Select(e => e.Key).ToList();

    public static string Describe(AuditEventType type) =>
        Catalogue.TryGetValue(type, out var entry) ? entry.Description : type.ToString();

    public static bool IsFailure(AuditEventType type) => Catalogue.TryGetValue(type, out var entry) && entry.IsFailure;
}
