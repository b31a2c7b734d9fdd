using System.Globalization;
using System.Text.Json;

namespace CasPortal.Application.Audit.ExportAuditLog;

/// <summary>CSV (RFC 4180) with spreadsheet formula injection neutralised.</summary>
public static class AuditCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly string[] Columns =
        ["id", "occurred_at_utc", "type", "description", "outcome", "username", "session_id", "client_ip", "user_agent", "code", "detail"];

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
            row.SessionId,
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
    /// A value a spreadsheet could run as a formula (starting with = + - @, tab or CR) gets a leading apostrophe; then
    /// a cell with a comma, quote or line break is quoted, quotes doubled.
    /// </summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
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
        writer.WriteString("sessionId", row.SessionId);
        writer.WriteString("clientIp", row.ClientIp);
        writer.WriteString("userAgent", row.UserAgent);
        writer.WriteString("code", row.Code);
        writer.WriteString("detail", row.Detail);
        writer.WriteEndObject();
    }
}
