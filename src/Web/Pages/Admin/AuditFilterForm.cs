using System.Globalization;
using CasPortal.Application.Audit;
using CasPortal.Domain.Audit;
using CasPortal.Web.Time;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CasPortal.Web.Pages.Admin;

/// <summary>
/// The audit page's filter form as typed: every field is kept as text, so a bad value is shown back as it was entered.
/// Reading it turns text into the filter; the query's validator judges the values, and only text that is no time at
/// all, an unknown zone or an unknown quick range is refused here.
/// </summary>
public sealed class AuditFilterForm
{
    public const string LocalTimeFormat = "yyyy-MM-dd'T'HH:mm";
    public const int DefaultSize = 50;

    /// <summary>The quick ranges, ending now; bookmarked, they stay relative to the time they are opened.</summary>
    public static readonly IReadOnlyList<(string Key, string Name, TimeSpan Length)> QuickRanges =
    [
        ("1h", "Last hour", TimeSpan.FromHours(1)),
        ("24h", "Last 24 hours", TimeSpan.FromHours(24)),
        ("7d", "Last 7 days", TimeSpan.FromDays(7)),
        ("30d", "Last 30 days", TimeSpan.FromDays(30)),
    ];

    /// <summary>Where each of the validator's properties is entered on the form.</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldOf = new Dictionary<string, string>
    {
        ["Filter.User"] = "user", ["Filter.UserMatch"] = "match", ["Filter.Type"] = "type", ["Filter.Outcome"] = "outcome",
        ["Filter.FromUtc"] = "from", ["Filter.ToUtc"] = "to", ["Filter.ClientIp"] = "ip", ["Filter.SessionReference"] = "session",
        ["Filter.Code"] = "code", ["PageSize"] = "size", ["After"] = "pages", ["Before"] = "pages",
    };

    public string? User { get; set; }
    public string? Match { get; set; }
    public string? Type { get; set; }
    public string? Outcome { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public string? Ip { get; set; }
    public string? Session { get; set; }
    public string? Code { get; set; }
    public string? Range { get; set; }
    public string? Tz { get; set; }
    public string? Size { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }

    /// <summary>"show" lists the "sign-in started" events too; hidden by default, they double the list.</summary>
    public string? Starts { get; set; }

    public bool ShowsSignInStarts => Starts == "show";

    public int PageSize => Blank(Size) is { } size ? (int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0) : DefaultSize;

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>The filter the form asks for; text that cannot be read becomes an error under its field.</summary>
    public AuditFilter Read(HttpContext context, PortalOptions portal, DateTime nowUtc, ModelStateDictionary errors)
    {
        Zone = ViewerTime.For(context).Zone;
        if (Blank(Tz) is { } tz)
        {
            if (ViewerTime.Find(tz) is { } chosen)
            {
                Zone = chosen;
                ViewerTime.Remember(context, chosen, portal);
            }
            else
            {
                errors.AddModelError("tz", "Unknown time zone.");
            }
        }

        var from = ToUtc(From, "from", "start", errors);
        var to = ToUtc(To, "to", "end", errors);
        if (Blank(Range) is { } range)
        {
            if (QuickRanges.FirstOrDefault(r => r.Key == range) is not { Key: not null } quick)
            {
                errors.AddModelError("range", "Unknown quick range: choose the last hour, 24 hours, 7 days or 30 days.");
            }
            else if (From is not null || To is not null)
            {
                // Times typed into the form win over the quick range the form was opened with.
                Range = null;
            }
            else
            {
                from = nowUtc - quick.Length;
            }
        }

        var type = Blank(Type) is { } typeName ? Choice<AuditEventType>(typeName) : (AuditEventType?)null;
        return new AuditFilter(Blank(User), Choice(Match, UserMatch.Exact), type, Choice(Outcome, AuditOutcome.Any), from, to,
            Blank(Ip), Blank(Session), Blank(Code), ShowsSignInStarts);
    }

    /// <summary>The form's values as a query string, for links that keep the filter.</summary>
    public RouteValueDictionary RouteValues() => new()
    {
        ["user"] = User, ["match"] = Match, ["type"] = Type, ["outcome"] = Outcome, ["from"] = From, ["to"] = To, ["ip"] = Ip,
        ["session"] = Session, ["code"] = Code, ["range"] = Range, ["starts"] = Starts, ["tz"] = Tz, ["size"] = Size,
    };

    private DateTime? ToUtc(string? local, string field, string which, ModelStateDictionary errors)
    {
        if (Blank(local) is not { } text)
        {
            return null;
        }

        if (!DateTime.TryParseExact(text, LocalTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            errors.AddModelError(field, $"The {which} time is not a date and time (YYYY-MM-DDTHH:MM).");
            return null;
        }

        // A local time that does not exist (skipped by a daylight-saving change) moves to the next valid instant.
        while (Zone.IsInvalidTime(value))
        {
            value = value.AddMinutes(30);
        }

        return TimeZoneInfo.ConvertTimeToUtc(value, Zone);
    }

    /// <summary>A name from a list; an unknown one becomes a value outside the list, which the validator refuses.</summary>
    private static T Choice<T>(string? text, T blank = default) where T : struct, Enum =>
        Blank(text) is not { } name ? blank
        : Enum.TryParse<T>(name, ignoreCase: true, out var value) && Enum.IsDefined(value) ? value
        : (T)Enum.ToObject(typeof(T), int.MinValue);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
