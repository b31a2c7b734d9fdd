namespace CasPortal.Application.Sessions.EndOwnSession;

public sealed class EndOwnSessionValidator : AbstractValidator<EndOwnSessionCommand>
{
    public EndOwnSessionValidator()
    {
        RuleFor(c => c.SessionReference).ChosenSessionReference("Choose the session to end.");
    }
}
