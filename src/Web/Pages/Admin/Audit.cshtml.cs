using System.Globalization;
using System.Text;
using System.Text.Json;
using CasPortal.Application.Audit;
using CasPortal.Application.Audit.ExportAuditLog;
using CasPortal.Application.Audit.GetAuditChart;
using CasPortal.Application.Audit.SearchAuditLog;
using CasPortal.Application.Common.Options;
using CasPortal.Domain.Audit;
using CasPortal.Web.Time;
using Mediator;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CasPortal.Web.Pages.Admin;

/// <summary>
/// The audit log for security staff: filters kept in the URL (so a view can be bookmarked), keyset pages, a chart of the
/// range, and CSV / JSON Lines exports of exactly what is filtered. Times are entered and shown in the chosen time zone.
/// </summary>
public sealed class AuditModel(IMediator mediator, TimeProvider clock, IOptions<PortalOptions> portal) : PageModel
{
    public const string LocalTimeFormat = "yyyy-MM-dd'T'HH:mm";

    /// <summary>The quick ranges, ending now; bookmarked, they stay relative to the time they are opened.</summary>
    public static readonly IReadOnlyList<(string Key, string Name, TimeSpan Length)> QuickRanges =
    [
        ("1h", "Last hour", TimeSpan.FromHours(1)),
        ("24h", "Last 24 hours", TimeSpan.FromHours(24)),
        ("7d", "Last 7 days", TimeSpan.FromDays(7)),
        ("30d", "Last 30 days", TimeSpan.FromDays(30)),
    ];

    [BindProperty(SupportsGet = true, Name = "user")] public string? UserFilter { get; set; }
    [BindProperty(SupportsGet = true)] public UserMatch Match { get; set; }
    [BindProperty(SupportsGet = true)] public AuditEventType? Type { get; set; }
    [BindProperty(SupportsGet = true)] public AuditOutcome Outcome { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Ip { get; set; }
    [BindProperty(SupportsGet = true)] public string? Session { get; set; }
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    [BindProperty(SupportsGet = true)] public string? Range { get; set; }
    [BindProperty(SupportsGet = true)] public string? Tz { get; set; }
    [BindProperty(SupportsGet = true)] public int Size { get; set; } = 50;
    [BindProperty(SupportsGet = true)] public string? Before { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    /// <summary>"show" lists the "sign-in started" events too; hidden by default, they double the list.</summary>
    [BindProperty(SupportsGet = true)] public string? Starts { get; set; }

    public bool ShowsSignInStarts => Starts == "show";

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public AuditPage Result { get; private set; } = new([], null);
    public AuditChartView? Chart { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (ReadFilter() is not { } filter)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Result = await mediator.Send(
            new SearchAuditLogQuery(filter, AuditCursor.Parse(Before), Size, AuditCursor.Parse(After)), cancellationToken);
        var chart = await mediator.Send(new GetAuditChartQuery(filter, Zone), cancellationToken);
        Chart = new AuditChartView(chart, BucketLink, CauseLink);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(string format, CancellationToken cancellationToken)
    {
        var filter = ReadFilter();
        if (format is not ("csv" or "jsonl"))
        {
            Errors = [.. Errors, "Export as csv or jsonl."];
        }

        if (filter is null || Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // Validation runs on the first read, before a header is sent, so a bad filter still gets a 400 page.
        var rows = mediator.CreateStream(new ExportAuditLogQuery(filter), cancellationToken).GetAsyncEnumerator(cancellationToken);
        var hasRow = await rows.MoveNextAsync();

        var fileName = $"audit-{DateTime.UtcNow:yyyyMMdd-HHmmss}.{format}";
        Response.ContentType = format == "csv" ? AuditCsv.ContentType : AuditJsonLines.ContentType;
        Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        Response.Headers.CacheControl = "no-store";
        await using (rows)
        {
            if (format == "csv")
            {
                await WriteCsvAsync(rows, hasRow);
            }
            else
            {
                await WriteJsonLinesAsync(rows, hasRow, cancellationToken);
            }
        }

        return new EmptyResult();
    }

    public string LinkWith(object changes)
    {
        var values = new RouteValueDictionary
        {
            ["user"] = UserFilter, ["match"] = Match, ["type"] = Type, ["outcome"] = Outcome, ["from"] = From, ["to"] = To,
            ["ip"] = Ip, ["session"] = Session, ["code"] = Code, ["range"] = Range, ["starts"] = Starts, ["tz"] = Tz, ["size"] = Size,
        };
        foreach (var (key, value) in new RouteValueDictionary(changes))
        {
            values[key] = value;
        }

        return Url.Page("/Admin/Audit", values)!;
    }

    /// <summary>The events of one chart bar: its start and end in the viewer's zone, other filters kept.</summary>
    private string BucketLink(DateTime localStart, DateTime localEnd) => LinkWith(new
    {
        from = localStart.ToString(LocalTimeFormat, CultureInfo.InvariantCulture),
        to = localEnd.ToString(LocalTimeFormat, CultureInfo.InvariantCulture),
        range = (string?)null,
    });

    /// <summary>The events of one failure cause in the same range: its event type, and its code where it has one.</summary>
    private string CauseLink(FailureCause cause) => LinkWith(new { type = cause.Type, code = cause.Code, outcome = AuditOutcome.Any });

    public string Local(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, Zone).ToString(ViewerTime.DisplayFormat, CultureInfo.InvariantCulture);

    private async Task WriteCsvAsync(IAsyncEnumerator<AuditEventRow> rows, bool hasRow)
    {
        // The byte-order mark lets spreadsheet programs read the file as UTF-8.
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(true), 64 * 1024);
        await AuditCsv.WriteHeaderAsync(writer);
        for (var more = hasRow; more; more = await rows.MoveNextAsync())
        {
            await AuditCsv.WriteRowAsync(writer, rows.Current);
        }
    }

    private async Task WriteJsonLinesAsync(IAsyncEnumerator<AuditEventRow> rows, bool hasRow, CancellationToken cancellationToken)
    {
        var newline = "\n"u8.ToArray();
        await using var buffered = new BufferedStream(Response.Body, 64 * 1024);
        await using var json = new Utf8JsonWriter(buffered);
        for (var more = hasRow; more; more = await rows.MoveNextAsync())
        {
            AuditJsonLines.WriteRow(json, rows.Current);
            await json.FlushAsync(cancellationToken);
            json.Reset();
            await buffered.WriteAsync(newline, cancellationToken);
        }
    }

    /// <summary>The query string as a filter, or null (with <see cref="Errors"/>) when a value is not usable.</summary>
    private AuditFilter? ReadFilter()
    {
        var errors = ModelState.Where(e => e.Value?.Errors.Count > 0).Select(e => $"The {e.Key.ToLowerInvariant()} filter has a value that is not allowed.").ToList();
        if (Tz is null)
        {
            Zone = ViewerTime.For(HttpContext).Zone;
        }
        else if (ViewerTime.Find(Tz) is { } chosen)
        {
            Zone = chosen;
            ViewerTime.Remember(HttpContext, chosen, portal.Value);
        }
        else
        {
            errors.Add("Unknown time zone.");
        }

        var from = ToUtc(From, "start", errors);
        var to = ToUtc(To, "end", errors);
        if (Blank(Range) is { } range)
        {
            if (QuickRanges.FirstOrDefault(r => r.Key == range) is not { Key: not null } quick)
            {
                errors.Add("Unknown quick range: choose the last hour, 24 hours, 7 days or 30 days.");
            }
            else if (From is not null || To is not null)
            {
                // Times typed into the form win over the quick range the form was opened with.
                Range = null;
            }
            else
            {
                from = clock.GetUtcNow().UtcDateTime - quick.Length;
            }
        }

        Errors = errors;
        return errors.Count > 0
            ? null
            : new AuditFilter(Blank(UserFilter), Match, Type, Outcome, from, to, Blank(Ip), Blank(Session), Blank(Code), ShowsSignInStarts);
    }

    private DateTime? ToUtc(string? local, string which, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(local))
        {
            return null;
        }

        if (!DateTime.TryParseExact(local, LocalTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            errors.Add($"The {which} time is not a date and time (YYYY-MM-DDTHH:MM).");
            return null;
        }

        // A local time that does not exist (skipped by a daylight-saving change) moves to the next valid instant.
        while (Zone.IsInvalidTime(value))
        {
            value = value.AddMinutes(30);
        }

        return TimeZoneInfo.ConvertTimeToUtc(value, Zone);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
