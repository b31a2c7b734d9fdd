namespace CasPortal.Application.Sessions.PreviewRevocation;

public sealed class PreviewRevocationValidator : AbstractValidator<PreviewRevocationQuery>
{
    public PreviewRevocationValidator()
    {
        RuleFor(c => c).Must(c => (c.SessionReference is null) != (c.Username is null)).WithMessage("Choose one session or one user.");
        RuleFor(c => c.SessionReference).MaximumLength(Limits.SessionReferenceLength).WithMessage("That is not a session reference.");
        RuleFor(c => c.Username).MaximumLength(Limits.UsernameLength).WithMessage("That username is too long.");
    }
}
