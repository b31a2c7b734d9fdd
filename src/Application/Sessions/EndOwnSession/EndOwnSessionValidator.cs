using CasPortal.Domain;
using FluentValidation;

namespace CasPortal.Application.Sessions.EndOwnSession;

public sealed class EndOwnSessionValidator : AbstractValidator<EndOwnSessionCommand>
{
    public EndOwnSessionValidator()
    {
        RuleFor(c => c.SessionId)
            .NotEmpty().WithMessage("Choose the session to end.")
            .MaximumLength(Limits.SessionIdLength).WithMessage("That is not a session id.");
        RuleFor(c => c.Username).NotEmpty();
        RuleFor(c => c.CurrentSessionId).NotEmpty().MinimumLength(6);
        RuleFor(c => c.Origin).NotNull();
    }
}
