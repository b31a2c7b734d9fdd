using System.Text;
using System.Text.Json;
using CasPortal.Application.Audit;
using CasPortal.Application.Audit.ExportAuditLog;

namespace CasPortal.Web.Pages.Admin;

/// <summary>Writes the filtered audit events to the response as a CSV or JSON Lines download.</summary>
public static class AuditExport
{
    public static bool IsFormat(string? format) => format is "csv" or "jsonl";

    /// <param name="rows">Already moved to its first row (<paramref name="hasRow"/>), so validation ran before any header.</param>
    public static async Task WriteAsync(HttpResponse response, string format, IAsyncEnumerator<AuditEventRow> rows, bool hasRow, CancellationToken cancellationToken)
    {
        var fileName = $"audit-{DateTime.UtcNow:yyyyMMdd-HHmmss}.{format}";
        response.ContentType = format == "csv" ? AuditCsv.ContentType : AuditJsonLines.ContentType;
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        response.Headers.CacheControl = "no-store";
        if (format == "csv")
        {
            await WriteCsvAsync(response.Body, rows, hasRow);
        }
        else
        {
            await WriteJsonLinesAsync(response.Body, rows, hasRow, cancellationToken);
        }
    }

    private static async Task WriteCsvAsync(Stream body, IAsyncEnumerator<AuditEventRow> rows, bool hasRow)
    {
        // The byte-order mark lets spreadsheet programs read the file as UTF-8.
        await using var writer = new StreamWriter(body, new UTF8Encoding(true), 64 * 1024);
        await AuditCsv.WriteHeaderAsync(writer);
        for (var more = hasRow; more; more = await rows.MoveNextAsync())
        {
            await AuditCsv.WriteRowAsync(writer, rows.Current);
        }
    }

    private static async Task WriteJsonLinesAsync(Stream body, IAsyncEnumerator<AuditEventRow> rows, bool hasRow, CancellationToken cancellationToken)
    {
        var newline = "\n"u8.ToArray();
        await using var buffered = new BufferedStream(body, 64 * 1024);
        await using var json = new Utf8JsonWriter(buffered);
        for (var more = hasRow; more; more = await rows.MoveNextAsync())
        {
            AuditJsonLines.WriteRow(json, rows.Current);
            await json.FlushAsync(cancellationToken);
            json.Reset();
            await buffered.WriteAsync(newline, cancellationToken);
        }
    }
}
