namespace CasPortal.Application.Authentication.StartLogin;

/// <summary>
/// Cas:Gateway: an anonymous visitor at the front door is signed in silently when CAS can, tried once per browser
/// session so that a visitor without a single sign-on session stays on the home page instead of looping through CAS.
/// </summary>
public static class GatewayPolicy
{
    /// <summary>What a front-door visit does instead of going to CAS; null when a sign-in starts.</summary>
    public static StartLoginResult? InsteadOfSignIn(StartLoginCommand command, CasOptions cas)
    {
        if (!command.GatewayAttempt)
        {
            return null;
        }

        if (!cas.Gateway)
        {
            return new StartLoginResult.RedirectToSignIn();
        }

        return command.GatewayAlreadyTried ? new StartLoginResult.StayAnonymous() : null;
    }
}
