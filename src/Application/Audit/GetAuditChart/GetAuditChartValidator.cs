using FluentValidation;

namespace CasPortal.Application.Audit.GetAuditChart;

public sealed class GetAuditChartValidator : AbstractValidator<GetAuditChartQuery>
{
    public GetAuditChartValidator()
    {
        RuleFor(q => q.Filter).SetValidator(new AuditFilterValidator());
        RuleFor(q => q.Filter).Must(f => f.FromUtc is null || f.ToUtc is null || f.ToUtc - f.FromUtc <= TimeSpan.FromDays(800))
            .WithMessage("Choose a time range of at most 800 days.");
    }
}
