using CasPortal.Application.Authentication.ValidateTicket;

namespace CasPortal.Application.UnitTests.Authentication.ValidateTicket;

public sealed class FreshCredentialProofTests
{
    private static readonly DateTime RequiredAt = new(2026, 11, 27, 10, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("2026-11-27T10:00:01Z")]
    [InlineData("2026-11-27T10:00:00.5Z")]
    [InlineData("2026-11-27T05:00:01-05:00[America/New_York]")]
    [InlineData("2026-11-27T11:00:01+01:00")]
    [InlineData("1795773601")] // 10:00:01 UTC in epoch seconds, as the CAS 3 JSON answer gives it
    public void A_parseable_authentication_date_after_the_requirement_proves_a_fresh_check(string date)
    {
        Assert.NotNull(FreshCredentialProof.After(Attributes(("authenticationDate", [date])), RequiredAt));
        Assert.NotNull(FreshCredentialProof.After(Attributes(("authenticationDate", [date]), ("isFromNewLogin", ["true"])), RequiredAt));
    }

    [Theory]
    [InlineData("2026-11-27T10:00:00Z")] // the same instant is not after
    [InlineData("2026-11-27T09:59:59Z")]
    [InlineData("2026-11-27T10:00:01")] // no offset: whose clock?
    [InlineData("yesterday")]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("1e300")]
    public void A_date_before_the_requirement_or_unparseable_proves_nothing(string date) =>
        Assert.Null(FreshCredentialProof.After(Attributes(("authenticationDate", [date])), RequiredAt));

    [Fact]
    public void No_date_two_dates_or_a_login_not_new_proves_nothing()
    {
        Assert.Null(FreshCredentialProof.After(Attributes(), RequiredAt));
        Assert.Null(FreshCredentialProof.After(Attributes(("isFromNewLogin", ["true"])), RequiredAt));
        Assert.Null(FreshCredentialProof.After(Attributes(("authenticationDate", ["2026-11-27T10:00:01Z", "2026-11-27T10:00:02Z"])), RequiredAt));
        Assert.Null(FreshCredentialProof.After(
            Attributes(("authenticationDate", ["2026-11-27T10:00:01Z"]), ("isFromNewLogin", ["false"])), RequiredAt));
        Assert.Null(FreshCredentialProof.After(
            Attributes(("authenticationDate", ["2026-11-27T10:00:01Z"]), ("isFromNewLogin", ["maybe"])), RequiredAt));
    }

    private static Dictionary<string, IReadOnlyList<string>> Attributes(params (string Name, string[] Values)[] attributes) =>
        attributes.ToDictionary(a => a.Name, a => (IReadOnlyList<string>)a.Values);
}
