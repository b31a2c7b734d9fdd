namespace CasPortal.Application.Sessions.RevokeUserSessions;

public sealed class RevokeUserSessionsValidator : AbstractValidator<RevokeUserSessionsCommand>
{
    public RevokeUserSessionsValidator()
    {
        RuleFor(c => c.Username).NamedUser("Name the user whose sessions to revoke.");
    }
}
