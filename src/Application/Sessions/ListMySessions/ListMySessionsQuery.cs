namespace CasPortal.Application.Sessions.ListMySessions;

/// <summary>A user's own active sessions, newest activity first, for the profile page.</summary>
public sealed record ListMySessionsQuery(string Username) : IQuery<IReadOnlyList<SessionSummary>>;

public sealed class ListMySessionsHandler(ISignedInReads sessions, TimeProvider clock)
    : IQueryHandler<ListMySessionsQuery, IReadOnlyList<SessionSummary>>
{
    /// <summary>More than this many live sessions of one person is not a list anyone reads.</summary>
    internal const int Shown = 50;

    public async ValueTask<IReadOnlyList<SessionSummary>> Handle(ListMySessionsQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await sessions.ListLiveSessionsOfAsync(query.Username, now, Shown, cancellationToken);
    }
}
