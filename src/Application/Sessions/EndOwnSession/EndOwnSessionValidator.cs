namespace CasPortal.Application.Sessions.EndOwnSession;

public sealed class EndOwnSessionValidator : AbstractValidator<EndOwnSessionCommand>
{
    public EndOwnSessionValidator()
    {
        RuleFor(c => c.SessionReference)
            .NotEmpty().WithMessage("Choose the session to end.")
            .MaximumLength(Limits.SessionReferenceLength).WithMessage("That is not a session reference.");
        RuleFor(c => c.Username).NotEmpty();
        RuleFor(c => c.CurrentSessionReference).NotEmpty();
    }
}
