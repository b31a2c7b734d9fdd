using System.Globalization;
using System.Text.Json;

namespace CasPortal.Application.Audit.ExportAuditLog;

/// <summary>CSV (RFC 4180) with spreadsheet formula injection neutralised.</summary>
public static class AuditCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly string[] Columns =
        ["id", "occurred_at_utc", "type", "description", "outcome", "username", "session", "client_ip", "user_agent", "code", "detail"];

    public static Task WriteHeaderAsync(TextWriter writer) => writer.WriteAsync(string.Join(',', Columns) + "\r\n");

    public static async Task WriteRowAsync(TextWriter writer, AuditEventRow row)
    {
        string?[] cells =
        [
            row.Id.ToString(CultureInfo.InvariantCulture),
            row.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            row.Type.ToString(),
            row.Description,
            row.IsFailure ? "failure" : "success",
            row.Username,
            row.SessionReference,
            row.ClientIp,
            row.UserAgent,
            row.Code,
            row.Detail,
        ];
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                await writer.WriteAsync(',');
            }

            await writer.WriteAsync(Cell(cells[i]));
        }

        await writer.WriteAsync("\r\n");
    }

    /// <summary>
    /// Characters that end a cell in some spreadsheet's reading of CSV (the list separator is ',' or ';' by locale,
    /// tab and '|' in others) or end a line; a cell holding one is quoted, so no locale splits it into a new cell that
    /// could start with a formula.
    /// </summary>
    private static readonly System.Buffers.SearchValues<char> NeedsQuotes =
        System.Buffers.SearchValues.Create(",;\t|\"\r\n\u000B\u000C\u0085\u2028\u2029");

    /// <summary>
    /// A value a spreadsheet could run as a formula gets a leading apostrophe (OWASP's CSV injection guidance): one
    /// whose first character that is not white space is = + - @ or their fullwidth forms, or that starts with tab or
    /// CR. Then a cell holding any locale's separator, a quote or a line break is quoted, quotes doubled.
    /// </summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (CouldBeFormula(value))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(NeedsQuotes) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    private static bool CouldBeFormula(string value)
    {
        // Spreadsheets skip leading spaces (and some other white space) before looking for a formula.
        var start = value.AsSpan().TrimStart(" \u00A0\u3000\t\r\n\u000B\u000C");
        return value[0] is '\t' or '\r'
            || (start.Length > 0 && start[0] is '=' or '+' or '-' or '@' or '\uFF1D' or '\uFF0B' or '\uFF0D' or '\uFE63' or '\uFF20');
    }
}

/// <summary>JSON Lines: one JSON object per event, UTF-8.</summary>
public static class AuditJsonLines
{
    public const string ContentType = "application/x-ndjson; charset=utf-8";

    public static void WriteRow(Utf8JsonWriter writer, AuditEventRow row)
    {
        writer.WriteStartObject();
        writer.WriteNumber("id", row.Id);
        writer.WriteString("occurredAtUtc", row.OccurredAt);
        writer.WriteString("type", row.Type.ToString());
        writer.WriteString("description", row.Description);
        writer.WriteString("outcome", row.IsFailure ? "failure" : "success");
        writer.WriteString("username", row.Username);
        writer.WriteString("session", row.SessionReference);
        writer.WriteString("clientIp", row.ClientIp);
        writer.WriteString("userAgent", row.UserAgent);
        writer.WriteString("code", row.Code);
        writer.WriteString("detail", row.Detail);
        writer.WriteEndObject();
    }
}
