using CasPortal.Application.Audit;
using CasPortal.Application.Audit.ExportAuditLog;
using CasPortal.Domain.Audit;

namespace CasPortal.Application.UnitTests.Audit.ExportAuditLog;

public class AuditCsvTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "\"'\tcmd\"")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("a=b", "a=b")]
    public void Cells_are_quoted_per_RFC_4180_and_formulas_are_neutralised(string? value, string expected) =>
        Assert.Equal(expected, AuditCsv.Cell(value));

    // A spreadsheet whose list separator is ';' (common in Europe), tab or '|' would split an unquoted cell there and
    // read what follows as a new cell, which may be a formula.
    [Theory]
    [InlineData("x;=1+1;", "\"x;=1+1;\"")]
    [InlineData("Mozilla/5.0;=HYPERLINK(\"http://evil\")", "\"Mozilla/5.0;=HYPERLINK(\"\"http://evil\"\")\"")]
    [InlineData("a\t=1+1", "\"a\t=1+1\"")]
    [InlineData("a|=1+1", "\"a|=1+1\"")]
    [InlineData("a;b", "\"a;b\"")]
    [InlineData("/path\u2028=1+1", "\"/path\u2028=1+1\"")]
    public void A_cell_holding_any_locales_separator_is_quoted(string value, string expected) =>
        Assert.Equal(expected, AuditCsv.Cell(value));

    // Spreadsheets skip leading white space before looking for a formula, and some read the fullwidth signs too.
    [Theory]
    [InlineData(" =1+1", "' =1+1")]
    [InlineData("\u00A0=1+1", "'\u00A0=1+1")]
    [InlineData("\n=1+1", "\"'\n=1+1\"")]
    [InlineData("\uFF1D1+1", "'\uFF1D1+1")]
    [InlineData("\uFF0BSUM(A1)", "'\uFF0BSUM(A1)")]
    [InlineData("\uFF20SUM(A1)", "'\uFF20SUM(A1)")]
    [InlineData("  -2", "'  -2")]
    public void A_cell_a_spreadsheet_could_read_as_a_formula_after_white_space_is_neutralised(string value, string expected) =>
        Assert.Equal(expected, AuditCsv.Cell(value));

    [Fact]
    public async Task A_row_has_every_column_of_the_header_in_order()
    {
        var row = new AuditEventRow(7, new DateTime(2026, 11, 27, 9, 30, 0, DateTimeKind.Utc), AuditEventType.LoginFailed,
            "=cmd", "s1", "192.0.2.1", "Mozilla, 5.0", "INVALID_TICKET", "INVALID_TICKET: expired");
        var writer = new StringWriter();

        await AuditCsv.WriteHeaderAsync(writer);
        await AuditCsv.WriteRowAsync(writer, row);

        Assert.Equal(
            "id,occurred_at_utc,type,description,outcome,username,session,client_ip,user_agent,code,detail\r\n"
            + "7,2026-11-27T09:30:00.0000000Z,LoginFailed,Sign-in failed,failure,'=cmd,s1,192.0.2.1,\"Mozilla, 5.0\",INVALID_TICKET,INVALID_TICKET: expired\r\n",
            writer.ToString());
    }
}
