using CasPortal.Domain;
using FluentValidation;

namespace CasPortal.Application.Sessions.RevokeSession;

public sealed class RevokeSessionValidator : AbstractValidator<RevokeSessionCommand>
{
    public RevokeSessionValidator()
    {
        RuleFor(c => c.SessionId)
            .NotEmpty().WithMessage("Choose the session to revoke.")
            .MaximumLength(Limits.SessionIdLength).WithMessage("That is not a session id.");
        RuleFor(c => c.Administrator).NotEmpty();
        RuleFor(c => c.Origin).NotNull();
    }
}
