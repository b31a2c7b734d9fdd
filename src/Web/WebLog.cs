namespace CasPortal.Web;

/// <summary>The web layer's log lines. Stable event ids; never a ticket, a cookie or a session id (sessions by reference).</summary>
internal static partial class WebLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "User {Username} signed in (session {SessionReference})")]
    public static partial void SignedIn(ILogger logger, string username, string sessionReference);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Sign-in failed: {Kind}")]
    public static partial void SignInFailed(ILogger logger, string kind);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Replayed ticket: sending the browser to sign in again once")]
    public static partial void RestartingLogin(ILogger logger);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Information, Message = "Single sign-on ticket for a user or browser that must type the password: signing in again with renew")]
    public static partial void RestartingLoginForReauthentication(ILogger logger);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Request rejected by validation on {Path}")]
    public static partial void RequestRejected(ILogger logger, string path);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "The database refused to record a sign-out; the browser dropped its cookie and the sign-out will be recorded when the database accepts writes")]
    public static partial void SignOutNotRecorded(ILogger logger);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Recording the pending sign-outs failed ({Failure}); trying again shortly")]
    public static partial void PendingSignOutsFailed(ILogger logger, string failure);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Request refused ({StatusCode}, {Reason}) on {Path}")]
    public static partial void RequestRefused(ILogger logger, int statusCode, string reason, string path);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "The built-in development CAS server is mounted at {Path}; never use it in production")]
    public static partial void DevelopmentCasMounted(ILogger logger, string path);

    [LoggerMessage(EventId = 1050, Level = LogLevel.Information, Message = "CasPortal is running: open {Url} and sign in as {Username} / {Password} (development CAS server)")]
    public static partial void ReadyForDevelopment(ILogger logger, string url, string username, string password);

    [LoggerMessage(EventId = 1051, Level = LogLevel.Warning, Message = "{Problem}")]
    public static partial void PublicAddressDisagrees(ILogger logger, string problem);
}
