using CasPortal.Application.Sessions;

namespace CasPortal.Application.Common.Models;

/// <summary>
/// The session check's row and, read by the same statement, the live sessions of the row's user: what a page that lists
/// them costs the database on top of the check.
/// </summary>
/// <param name="Row">The session's row, or null when no session has that id.</param>
/// <param name="OwnSessions">
/// The user's live sessions, most recently seen first, as <see cref="Interfaces.ISignedInReads.ListLiveSessionsOfAsync"/>
/// lists them; empty when there is no row.
/// </param>
public sealed record SessionCheckWithOwnSessions(SessionCheckRow? Row, List<SessionSummary> OwnSessions);
