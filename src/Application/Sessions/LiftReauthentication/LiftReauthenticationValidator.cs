namespace CasPortal.Application.Sessions.LiftReauthentication;

public sealed class LiftReauthenticationValidator : AbstractValidator<LiftReauthenticationCommand>
{
    public LiftReauthenticationValidator()
    {
        RuleFor(c => c.Username).NamedUser("Name the user whose password requirement to lift.");
    }
}
