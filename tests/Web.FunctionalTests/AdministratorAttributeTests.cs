using System.Net;

namespace CasPortal.Web.FunctionalTests;

/// <summary>
/// Administrators named by a CAS attribute (Portal:AdminAttribute): the session's attributes decide, on the admin pages
/// and in the navigation bar of every page.
/// </summary>
public sealed class AdministratorAttributeTests(AdministratorAttributeTests.PortalWithAdminGroup portal)
    : IClassFixture<AdministratorAttributeTests.PortalWithAdminGroup>
{
    public sealed class PortalWithAdminGroup : PortalFactory
    {
        // The development CAS server's bob is in the students group and alice is not; nobody is named in Portal:Admins.
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Portal:Admins:0"] = "nobody",
            ["Portal:AdminAttribute"] = "memberOf",
            ["Portal:AdminAttributeValue"] = "cn=students,ou=groups,dc=example,dc=edu",
        };
    }

    [Fact]
    public async Task A_user_holding_the_attribute_value_sees_the_admin_links_and_opens_the_admin_pages()
    {
        using var bob = portal.NewBrowser();
        await bob.SignInAsync("bob", "bob");

        var page = await (await bob.GetAsync("/logout-callback")).Content.ReadAsStringAsync();
        var sessions = await bob.GetAsync("/admin/sessions");

        Assert.Contains("data-testid=\"admin-sessions-link\"", page);
        Assert.Contains("data-testid=\"admin-audit-link\"", page);
        Assert.Equal(HttpStatusCode.OK, sessions.StatusCode);
    }

    [Fact]
    public async Task A_user_without_the_attribute_value_sees_no_admin_link_and_is_refused()
    {
        using var alice = portal.NewBrowser();
        await alice.SignInAsync("alice", "alice");

        var profile = await (await alice.GetAsync("/profile")).Content.ReadAsStringAsync();
        var sessions = await alice.GetAsync("/admin/sessions");

        Assert.DoesNotContain("admin-sessions-link", profile);
        Assert.Equal(HttpStatusCode.Forbidden, sessions.StatusCode);
    }
}
