namespace CasPortal.Application.Sessions.PreviewRevocation;

public sealed class PreviewRevocationValidator : AbstractValidator<PreviewRevocationQuery>
{
    public PreviewRevocationValidator()
    {
        RuleFor(c => c).Must(c => (c.SessionReference is null) != (c.Username is null)).WithMessage("Choose one session or one user.");
        RuleFor(c => c.SessionReference).SessionReferenceLength();
        RuleFor(c => c.Username).UsernameLength();
    }
}
