namespace CasPortal.Application.Audit.GetAuditChart;

public sealed class GetAuditChartValidator : AbstractValidator<GetAuditChartQuery>
{
    public GetAuditChartValidator()
    {
        RuleFor(q => q.Filter).SetValidator(new AuditFilterValidator());
        RuleFor(q => q.Filter.ToUtc).Must((q, to) => q.Filter.FromUtc is null || to is null || to - q.Filter.FromUtc <= TimeSpan.FromDays(800))
            .WithMessage("Choose a time range of at most 800 days.");
    }
}
