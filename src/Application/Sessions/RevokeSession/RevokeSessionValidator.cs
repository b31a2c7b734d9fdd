namespace CasPortal.Application.Sessions.RevokeSession;

public sealed class RevokeSessionValidator : AbstractValidator<RevokeSessionCommand>
{
    public RevokeSessionValidator()
    {
        RuleFor(c => c.SessionReference).ChosenSessionReference("Choose the session to revoke.");
    }
}
