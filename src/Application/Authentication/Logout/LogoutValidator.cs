namespace CasPortal.Application.Authentication.Logout;

public sealed class LogoutValidator : AbstractValidator<LogoutCommand>
{
    public LogoutValidator()
    {
        RuleFor(c => c.SessionId)
            .MaximumLength(Limits.SessionIdLength)
            .WithMessage("The session cookie is malformed.");
    }
}
