namespace CasPortal.Domain.Sessions;

public enum SessionEndReason
{
    Logout = 1,
    SingleLogout = 2,
    Expired = 3,
    AdminRevoked = 4,
    /// <summary>A new sign-in in the same browser replaced this session (session fixation defence).</summary>
    Replaced = 5,
}
