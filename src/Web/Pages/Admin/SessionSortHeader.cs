using CasPortal.Application.Sessions.ListActiveSessions;

namespace CasPortal.Web.Pages.Admin;

/// <summary>
/// A sortable column of the sessions list: its header links to its own order, and from there to the other direction.
/// Times start newest first, names and addresses from the start of the alphabet.
/// </summary>
public sealed record SessionSortHeader(string Title, SessionSort Ascending, SessionSort Descending, SessionSort First)
{
    public static readonly SessionSortHeader User = new("User", SessionSort.Username, SessionSort.UsernameDescending, SessionSort.Username);
    public static readonly SessionSortHeader Started = new("Started", SessionSort.StartedAscending, SessionSort.StartedDescending, SessionSort.StartedDescending);
    public static readonly SessionSortHeader LastSeen = new("Last seen", SessionSort.LastSeenAscending, SessionSort.LastSeenDescending, SessionSort.LastSeenDescending);
    public static readonly SessionSortHeader Address = new("Client IP", SessionSort.AddressAscending, SessionSort.AddressDescending, SessionSort.AddressAscending);

    /// <summary>The order the header's link asks for when the list is in <paramref name="current"/>.</summary>
    public SessionSort Next(SessionSort current) =>
        current == Ascending ? Descending : current == Descending ? Ascending : First;

    /// <summary>The header's aria-sort: set only on the column the list is sorted by.</summary>
    public string? AriaSort(SessionSort current) =>
        current == Ascending ? "ascending" : current == Descending ? "descending" : null;
}
