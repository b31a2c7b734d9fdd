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
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("a=b", "a=b")]
    public void Cells_are_quoted_per_RFC_4180_and_formulas_are_neutralised(string? value, string expected) =>
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
            "id,occurred_at_utc,type,description,outcome,username,session_id,client_ip,user_agent,code,detail\r\n"
            + "7,2026-11-27T09:30:00.0000000Z,LoginFailed,Sign-in failed,failure,'=cmd,s1,192.0.2.1,\"Mozilla, 5.0\",INVALID_TICKET,INVALID_TICKET: expired\r\n",
            writer.ToString());
    }
}
