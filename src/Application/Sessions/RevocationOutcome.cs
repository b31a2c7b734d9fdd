namespace CasPortal.Application.Sessions;

/// <summary>What a revocation did, so the page can say it in plain words.</summary>
/// <param name="EndedSessions">Sessions that were active and are now ended.</param>
/// <param name="Username">Whose sessions; null when the session was not found.</param>
/// <param name="Requirement">The re-authentication requirement recorded, if one was asked for.</param>
public sealed record RevocationOutcome(int EndedSessions, string? Username, ReauthenticationScope? Requirement)
{
    public static readonly RevocationOutcome NotFound = new(0, null, null);
}
