using CasPortal.Application.Authentication.StartLogin;

namespace CasPortal.Application.Authentication.ValidateTicket;

public sealed class ValidateTicketValidator : AbstractValidator<ValidateTicketCommand>
{
    public ValidateTicketValidator()
    {
        // Checked before any network call: a ticket is ST- or PT- and up to 256 letters, digits, '-' or '.'
        // (real servers append host names with dots). Messages never repeat the value.
        RuleFor(c => c.Ticket)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("The sign-in link has an empty ticket.")
            .Matches(Tickets.ServiceOrProxyTicketPattern).WithMessage("The sign-in link's ticket is malformed.");

        RuleFor(c => c.ReturnUrl)
            .MaximumLength(StartLoginValidator.MaxReturnUrlInput)
            .WithMessage("The return address is too long.");

        RuleFor(c => c.CurrentSessionId).MaximumLength(Limits.SessionIdLength);
        RuleFor(c => c.BrowserIdHash).Length(Limits.BrowserIdHashLength);
        RuleFor(c => c.SignInState)
            .Must(state => state is null || SignInState.IsWellFormed(state))
            .WithMessage("The sign-in link's state is malformed.");
    }
}
