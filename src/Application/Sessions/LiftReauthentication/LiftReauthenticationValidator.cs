namespace CasPortal.Application.Sessions.LiftReauthentication;

public sealed class LiftReauthenticationValidator : AbstractValidator<LiftReauthenticationCommand>
{
    public LiftReauthenticationValidator()
    {
        RuleFor(c => c.Username)
            .NotEmpty().WithMessage("Name the user whose password requirement to lift.")
            .MaximumLength(Limits.UsernameLength).WithMessage("That username is too long.");
        RuleFor(c => c.Administrator).NotEmpty();
    }
}
