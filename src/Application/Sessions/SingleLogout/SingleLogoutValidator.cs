using FluentValidation;

namespace CasPortal.Application.Sessions.SingleLogout;

public sealed class SingleLogoutValidator : AbstractValidator<SingleLogoutCommand>
{
    public SingleLogoutValidator()
    {
        RuleFor(c => c.LogoutRequestXml)
            .NotEmpty().WithMessage("The logout request is empty.")
            .MaximumLength(LogoutRequest.MaxCharacters).WithMessage("The logout request is too large.");
    }
}
