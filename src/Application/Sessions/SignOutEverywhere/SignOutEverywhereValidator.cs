namespace CasPortal.Application.Sessions.SignOutEverywhere;

public sealed class SignOutEverywhereValidator : AbstractValidator<SignOutEverywhereCommand>
{
    public SignOutEverywhereValidator()
    {
        RuleFor(c => c.Username).NotEmpty().MaximumLength(Limits.UsernameLength);
    }
}
