namespace CasPortal.Application.Sessions.ListReauthenticationRequirements;

/// <summary>Users who must type their password at the next sign-in, newest requirement first, for the sessions page.</summary>
public sealed record ListReauthenticationRequirementsQuery : IQuery<IReadOnlyList<RequirementSummary>>;

/// <param name="BrowserDescription">For a browser requirement, that browser's user agent when it was set.</param>
public sealed record RequirementSummary(
    string Username, ReauthenticationScope Scope, string? BrowserDescription, DateTime SetAt, string SetBy, string Reason);

public sealed class ListReauthenticationRequirementsHandler(IPortalDbContext db)
    : IQueryHandler<ListReauthenticationRequirementsQuery, IReadOnlyList<RequirementSummary>>
{
    /// <summary>A list longer than this is not one anyone reads on a page.</summary>
    public const int Shown = 200;

    public async ValueTask<IReadOnlyList<RequirementSummary>> Handle(ListReauthenticationRequirementsQuery query, CancellationToken cancellationToken) =>
        await db.ReauthenticationRequirements.AsNoTracking()
            .OrderByDescending(r => r.SetAt)
            .ThenBy(r => r.Id)
            .Take(Shown)
            .Select(r => new RequirementSummary(r.Username, r.Scope, r.BrowserDescription, r.SetAt, r.SetBy, r.Reason))
            .ToListAsync(cancellationToken);
}
