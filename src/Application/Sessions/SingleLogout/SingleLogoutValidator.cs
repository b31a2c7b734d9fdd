namespace CasPortal.Application.Sessions.SingleLogout;

public sealed class SingleLogoutValidator : AbstractValidator<SingleLogoutCommand>
{
    public SingleLogoutValidator()
    {
        RuleFor(c => c.LogoutRequest)
            .NotEmpty().WithMessage("The logout request is empty.")
            .MaximumLength(ILogoutRequestReader.MaxCharacters).WithMessage("The logout request is too large.");
    }
}
