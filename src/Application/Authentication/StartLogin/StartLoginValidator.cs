namespace CasPortal.Application.Authentication.StartLogin;

public sealed class StartLoginValidator : AbstractValidator<StartLoginCommand>
{
    /// <summary>Long return paths are dropped rather than refused; only absurd ones are an error.</summary>
    public const int MaxReturnUrlInput = 8192;

    public StartLoginValidator()
    {
        RuleFor(c => c.ReturnUrl)
            .MaximumLength(MaxReturnUrlInput)
            .WithMessage("The return address is too long.");
        RuleFor(c => c.BrowserIdHash).Length(Domain.Limits.BrowserIdHashLength);
        RuleFor(c => c.SignInState)
            .Must(state => state is null || SignInState.IsWellFormed(state))
            .WithMessage("The sign-in state is malformed.");
    }
}
