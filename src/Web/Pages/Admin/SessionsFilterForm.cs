using System.Globalization;
using CasPortal.Application.Sessions.ListActiveSessions;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CasPortal.Web.Pages.Admin;

/// <summary>
/// The sessions page's filter, order and page as typed, kept as text so a bad value is shown back as entered. The
/// query's validator judges every value; text that names no order or no number becomes a value it refuses.
/// </summary>
public sealed class SessionsFilterForm
{
    public const int DefaultPageSize = 25;

    public static readonly IReadOnlyList<int> PageSizes = [10, 25, 50, 100];

    /// <summary>Where each of the validator's properties is entered on the form.</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldOf = new Dictionary<string, string>
    {
        ["User"] = "user", ["Address"] = "address", ["Browser"] = "browser", ["Sort"] = "sort", ["Page"] = "pageNumber", ["PageSize"] = "pageSize",
    };

    public string? User { get; set; }
    public string? Address { get; set; }
    public string? Browser { get; set; }
    public string? Sort { get; set; }
    public string? PageNumber { get; set; }
    public string? PageSize { get; set; }

    /// <summary>The order asked for; an unknown name becomes a value outside the list.</summary>
    public SessionSort Order => Blank(Sort) is not { } name ? SessionSort.LastSeenDescending
        : Enum.TryParse<SessionSort>(name, ignoreCase: true, out var sort) && Enum.IsDefined(sort) ? sort
        : (SessionSort)(-1);

    public ListActiveSessionsQuery ToQuery() =>
        new(Blank(User), Order, Number(PageNumber, 1), Number(PageSize, DefaultPageSize), Blank(Address), Blank(Browser));

    /// <summary>The query the form asks for, or null when the validator refuses it: its errors go under their fields.</summary>
    public async Task<ListActiveSessionsQuery?> ReadAsync(
        IValidator<ListActiveSessionsQuery> rules, ModelStateDictionary errors, CancellationToken cancellationToken)
    {
        var query = ToQuery();
        FilterErrors.Add(errors, await rules.ValidateAsync(query, cancellationToken), FieldOf);
        return errors.IsValid ? query : null;
    }

    /// <summary>The form's values as a query string, for links and forms that come back to the same view.</summary>
    public Dictionary<string, string> RouteValues(string? sort = null, int? page = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["user"] = User, ["address"] = Address, ["browser"] = Browser, ["sort"] = sort ?? Sort,
            ["pageNumber"] = page?.ToString(CultureInfo.InvariantCulture) ?? PageNumber, ["pageSize"] = PageSize,
        };
        return values.Where(v => !string.IsNullOrWhiteSpace(v.Value)).ToDictionary(v => v.Key, v => v.Value!);
    }

    /// <summary>A blank number takes its default; text that is no number becomes zero, which the validator refuses.</summary>
    private static int Number(string? text, int blank) =>
        Blank(text) is not { } value ? blank : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
