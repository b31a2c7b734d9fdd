using CasPortal.Domain.Audit;

namespace CasPortal.Web.FunctionalTests.Infrastructure;

/// <summary>What the audit-page tests all start from: alice signed in, and audit events already in the log.</summary>
public static class AuditSteps
{
    public static async Task<PortalBrowser> SignedInAdministratorAsync(this PortalFactory portal)
    {
        var alice = portal.NewBrowser();
        await alice.SignInAsync("alice", "alice");
        return alice;
    }

    public static Task SeedAuditAsync(this PortalFactory portal, params AuditEvent[] events) => portal.QueryAsync(db =>
    {
        db.AuditEvents.AddRange(events);
        return db.SaveChangesAsync();
    });
}
