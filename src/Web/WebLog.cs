namespace CasPortal.Web;

/// <summary>The web layer's log lines. Stable event ids; never a ticket, a cookie or a session id in full.</summary>
internal static partial class WebLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "User {Username} signed in (session {SessionPrefix}…)")]
    public static partial void SignedIn(ILogger logger, string username, string sessionPrefix);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Sign-in failed: {Kind}")]
    public static partial void SignInFailed(ILogger logger, string kind);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Replayed ticket: sending the browser to sign in again once")]
    public static partial void RestartingLogin(ILogger logger);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Request rejected by validation on {Path}")]
    public static partial void RequestRejected(ILogger logger, string path);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "The built-in development CAS server is mounted at {Path}; never use it in production")]
    public static partial void DevelopmentCasMounted(ILogger logger, string path);

    [LoggerMessage(EventId = 1050, Level = LogLevel.Information, Message = "CasPortal is running: open {Url} and sign in as {Username} / {Password} (development CAS server)")]
    public static partial void ReadyForDevelopment(ILogger logger, string url, string username, string password);

    [LoggerMessage(EventId = 1051, Level = LogLevel.Warning, Message = "{Problem}")]
    public static partial void PublicAddressDisagrees(ILogger logger, string problem);
}
