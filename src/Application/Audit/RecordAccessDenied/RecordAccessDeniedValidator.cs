namespace CasPortal.Application.Audit.RecordAccessDenied;

public sealed class RecordAccessDeniedValidator : AbstractValidator<RecordAccessDeniedCommand>
{
    public RecordAccessDeniedValidator()
    {
        RuleFor(c => c.Username).NotEmpty().MaximumLength(Limits.UsernameLength);
        // Paths are cut rather than refused: the denial is recorded whatever was asked for.
        RuleFor(c => c.Path).NotNull();
    }
}
