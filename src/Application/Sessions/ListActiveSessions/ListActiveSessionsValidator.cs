namespace CasPortal.Application.Sessions.ListActiveSessions;

public sealed class ListActiveSessionsValidator : AbstractValidator<ListActiveSessionsQuery>
{
    public const int MaxPageSize = 200;

    public ListActiveSessionsValidator()
    {
        RuleFor(q => q.User).MaximumLength(Limits.UsernameLength).WithMessage("The user filter is too long.");
        RuleFor(q => q.Address).Must(a => string.IsNullOrWhiteSpace(a) || AddressFilter.Parse(a) is not null)
            .WithMessage(AddressFilter.Explanation);
        RuleFor(q => q.Browser).Must(b => string.IsNullOrWhiteSpace(b) || BrowserFamilies.Names.Contains(b))
            .WithMessage($"Choose a browser from the list: {string.Join(", ", BrowserFamilies.Names)}.");
        RuleFor(q => q.Sort).IsInEnum().WithMessage("Unknown sort order: choose one from the list or a column header.");
        RuleFor(q => q.Page).InclusiveBetween(1, 1_000_000).WithMessage("The page number is out of range.");
        RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize).WithMessage($"A page holds 1 to {MaxPageSize} sessions.");
    }
}
