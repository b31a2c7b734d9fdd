namespace CasPortal.Application.Audit;

/// <summary>The checks every audit query shares.</summary>
public sealed class AuditFilterValidator : AbstractValidator<AuditFilter>
{
    public AuditFilterValidator()
    {
        RuleFor(f => f.User).MaximumLength(Limits.UsernameLength).WithMessage("The user filter is too long.");
        RuleFor(f => f.ClientIp).MaximumLength(Limits.ClientIpLength).WithMessage("The client IP filter is too long.");
        RuleFor(f => f.SessionReference).MaximumLength(Limits.SessionReferenceLength).WithMessage("The session filter is too long.");
        RuleFor(f => f.Code).MaximumLength(Limits.AuditCodeLength).WithMessage("The failure code filter is too long.");
        RuleFor(f => f.Type).IsInEnum().WithMessage("Unknown event type.");
        RuleFor(f => f.Outcome).IsInEnum().WithMessage("Unknown outcome.");
        RuleFor(f => f.UserMatch).IsInEnum().WithMessage("Unknown user match.");
        RuleFor(f => f.ToUtc).Must((f, to) => f.FromUtc is null || to is null || f.FromUtc < to)
            .WithMessage("The time range ends before it starts.");
    }
}
