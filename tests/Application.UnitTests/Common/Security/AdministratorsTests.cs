using CasPortal.Application.Common.Options;
using CasPortal.Application.Common.Security;

namespace CasPortal.Application.UnitTests.Common.Security;

public class AdministratorsTests
{
    private static readonly Dictionary<string, IReadOnlyList<string>> StaffAttributes = new()
    {
        ["memberOf"] = ["cn=staff", "cn=portal-admins"],
    };

    [Fact]
    public void A_listed_username_is_an_administrator() =>
        Assert.True(Administrators.IsAdministrator("alice", [], new PortalOptions { Admins = ["alice"] }));

    [Fact]
    public void Usernames_are_compared_exactly() =>
        Assert.False(Administrators.IsAdministrator("Alice", [], new PortalOptions { Admins = ["alice"] }));

    [Fact]
    public void Holding_the_configured_attribute_value_makes_an_administrator()
    {
        var options = new PortalOptions { AdminAttribute = "memberOf", AdminAttributeValue = "cn=portal-admins" };

        Assert.True(Administrators.IsAdministrator("dave", StaffAttributes, options));
        Assert.False(Administrators.IsAdministrator("dave", [], options));
        Assert.False(Administrators.IsAdministrator("dave", StaffAttributes,
            new PortalOptions { AdminAttribute = "memberOf", AdminAttributeValue = "cn=portal" }));
    }

    [Fact]
    public void Nobody_is_an_administrator_by_default() =>
        Assert.False(Administrators.IsAdministrator("alice", StaffAttributes, new PortalOptions()));
}
