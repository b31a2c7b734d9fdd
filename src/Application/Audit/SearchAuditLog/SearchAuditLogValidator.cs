namespace CasPortal.Application.Audit.SearchAuditLog;

public sealed class SearchAuditLogValidator : AbstractValidator<SearchAuditLogQuery>
{
    public static readonly IReadOnlyList<int> PageSizes = [25, 50, 100, 200];

    public SearchAuditLogValidator()
    {
        RuleFor(q => q.Filter).SetValidator(new AuditFilterValidator());
        RuleFor(q => q.PageSize).Must(size => PageSizes.Contains(size))
            .WithMessage($"Choose a page size of {string.Join(", ", PageSizes)}.");
        RuleFor(q => q.After).Must((q, after) => q.Before is null || after is null)
            .WithMessage("Ask for the older or the newer page, not both.");
    }
}
