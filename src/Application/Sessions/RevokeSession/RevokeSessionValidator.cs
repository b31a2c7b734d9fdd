namespace CasPortal.Application.Sessions.RevokeSession;

public sealed class RevokeSessionValidator : AbstractValidator<RevokeSessionCommand>
{
    public RevokeSessionValidator()
    {
        RuleFor(c => c.SessionReference)
            .NotEmpty().WithMessage("Choose the session to revoke.")
            .MaximumLength(Limits.SessionReferenceLength).WithMessage("That is not a session reference.");
        RuleFor(c => c.Administrator).NotEmpty();
    }
}
