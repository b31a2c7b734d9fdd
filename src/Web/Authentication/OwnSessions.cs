using CasPortal.Application.Sessions;

namespace CasPortal.Web.Authentication;

/// <summary>
/// Marks a page whose GET lists the signed-in user's own sessions: the session check reads them with the session's row,
/// in the same statement, and the page takes them from <see cref="OwnSessions.ReadWithCheck"/> instead of a second query.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ListsOwnSessionsAttribute : Attribute;

/// <summary>The user's own sessions as the request's session check read them, for a page marked <see cref="ListsOwnSessionsAttribute"/>.</summary>
public static class OwnSessions
{
    /// <summary>Whether this request's session check should read the user's sessions too.</summary>
    public static bool Wanted(HttpContext httpContext) =>
        HttpMethods.IsGet(httpContext.Request.Method)
        && httpContext.GetEndpoint()?.Metadata.GetMetadata<ListsOwnSessionsAttribute>() is not null;

    public static void Keep(HttpContext httpContext, IReadOnlyList<SessionSummary> sessions) =>
        httpContext.Features.Set(new ReadWithCheckFeature(sessions));

    /// <summary>The list the check read, or null when it read none (a write was due, or the page is not marked).</summary>
    public static IReadOnlyList<SessionSummary>? ReadWithCheck(HttpContext httpContext) =>
        httpContext.Features.Get<ReadWithCheckFeature>()?.Sessions;

    private sealed record ReadWithCheckFeature(IReadOnlyList<SessionSummary> Sessions);
}
