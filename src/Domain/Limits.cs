namespace CasPortal.Domain;

/// <summary>Field sizes shared by validators and the database schema, so both refuse the same input.</summary>
public static class Limits
{
    public const int SessionIdLength = 43;
    public const int SessionIdHashLength = 43;
    public const int SessionReferenceLength = 12;
    public const int UsernameLength = 256;
    public const int TicketHashLength = 64;
    public const int ProxyGrantingTicketLength = 260;
    public const int ProxyGrantingTicketIouLength = 263;
    public const int ServiceUrlLength = 2048;
    public const int ReturnUrlLength = 2048;
    public const int ClientIpLength = 45;
    public const int UserAgentLength = 512;
    public const int AuditDetailLength = 1024;
    public const int AuditCodeLength = 64;
    public const int BrowserIdHashLength = 64;
    public const int ReauthenticationReasonLength = 256;
}
