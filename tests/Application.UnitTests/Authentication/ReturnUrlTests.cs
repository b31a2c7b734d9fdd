using CasPortal.Application.Authentication;

namespace CasPortal.Application.UnitTests.Authentication;

public class ReturnUrlTests
{
    [Theory]
    [InlineData("/profile")]
    [InlineData("/")]
    [InlineData("/x")]
    [InlineData("/admin/audit?user=alice&page=2")]
    [InlineData("/docs/a%20b")]
    [InlineData("/path#section")]
    public void Local_paths_are_kept_exactly(string value) =>
        Assert.Equal(value, ReturnUrl.LocalOrNull(value));

    [Theory]
    [InlineData("//evil.com")]
    [InlineData("///evil.com")]
    [InlineData("/\\evil.com")]
    [InlineData("\\\\evil.com")]
    [InlineData("\\/evil.com")]
    [InlineData("/\\/evil.com")]
    [InlineData("https://evil.com")]
    [InlineData("http://evil.com/profile")]
    [InlineData("https:evil.com")]
    [InlineData("https:/evil.com")]
    [InlineData("javascript:alert(1)")]
    [InlineData("JaVaScRiPt:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("evil.com")]
    [InlineData("profile")]
    [InlineData("~/profile")]
    [InlineData("%2F%2Fevil.com")]
    [InlineData("/%2F/evil.com")]
    [InlineData("/%2Fevil.com")]
    [InlineData("/%5Cevil.com")]
    [InlineData("/%252F%252Fevil.com")]
    [InlineData("/%25252F/evil.com")]
    [InlineData("/\r\nLocation: https://evil.com")]
    [InlineData("/%0d%0aSet-Cookie:x=1")]
    [InlineData("/\tevil")]
    [InlineData("/ /evil.com")]
    [InlineData("/\u0000evil")]
    [InlineData("/\u007f")]
    [InlineData(" /profile")]
    [InlineData("/\u3000evil")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_a_browser_could_read_as_another_site_is_dropped(string? value)
    {
        Assert.Null(ReturnUrl.LocalOrNull(value));
        Assert.Equal("/profile", ReturnUrl.LocalOrDefault(value));
    }

    [Theory]
    [InlineData("/\u00e9", "/%C3%A9")]
    [InlineData("/%C3%A9", "/%C3%A9")]
    [InlineData("/\u3002", "/%E3%80%82")]
    [InlineData("/a\uFF0Fb", "/a%EF%BC%8Fb")]
    [InlineData("/caf\u00e9?q=\u65e5\u672c", "/caf%C3%A9?q=%E6%97%A5%E6%9C%AC")]
    [InlineData("/\U0001F600", "/%F0%9F%98%80")]
    public void Non_ASCII_paths_come_back_percent_encoded_so_a_Location_header_can_carry_them(string value, string expected) =>
        Assert.Equal(expected, ReturnUrl.LocalOrNull(value));

    [Theory]
    [InlineData("/\uFF0Fevil.com")]
    [InlineData("/%EF%BC%8Fevil.com")]
    [InlineData("/\uFF3Cevil.com")]
    public void Fullwidth_slashes_that_read_as_a_host_are_dropped(string value) =>
        Assert.Null(ReturnUrl.LocalOrNull(value));

    [Fact]
    public void A_lone_surrogate_which_has_no_UTF_8_form_is_dropped() =>
        Assert.Null(ReturnUrl.LocalOrNull("/a" + '\uD800' + "b"));

    [Fact]
    public void A_very_long_path_is_dropped() =>
        Assert.Null(ReturnUrl.LocalOrNull("/" + new string('a', 5000)));
}
