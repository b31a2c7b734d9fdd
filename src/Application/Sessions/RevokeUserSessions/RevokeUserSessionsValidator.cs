namespace CasPortal.Application.Sessions.RevokeUserSessions;

public sealed class RevokeUserSessionsValidator : AbstractValidator<RevokeUserSessionsCommand>
{
    public RevokeUserSessionsValidator()
    {
        RuleFor(c => c.Username)
            .NotEmpty().WithMessage("Name the user whose sessions to revoke.")
            .MaximumLength(Limits.UsernameLength).WithMessage("That username is too long.");
        RuleFor(c => c.Administrator).NotEmpty();
    }
}
