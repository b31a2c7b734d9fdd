using CasPortal.Application.Common.Logging;

namespace CasPortal.Application.UnitTests.Common.Logging;

public class LogTextTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("café 学生", "café 学生")]
    [InlineData(null, "")]
    [InlineData("bob\u2028INFO forged line", "bob\\u2028INFO forged line")]
    [InlineData("bob\u2029x", "bob\\u2029x")]
    [InlineData("bob\u0085x", "bob\\u0085x")]
    [InlineData("bob\r\nINFO forged", "bob\\u000D\\u000AINFO forged")]
    [InlineData("a\u001b[31mred", "a\\u001B[31mred")]
    [InlineData("admin\u202Etxt.exe", "admin\\u202Etxt.exe")]
    [InlineData("zero\u200Bwidth", "zero\\u200Bwidth")]
    public void Separators_controls_and_invisible_marks_are_escaped(string? value, string expected) =>
        Assert.Equal(expected, LogText.Escape(value));
}
