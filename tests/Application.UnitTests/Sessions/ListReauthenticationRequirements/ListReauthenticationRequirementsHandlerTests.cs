using CasPortal.Application.Sessions.ListReauthenticationRequirements;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Sessions;

namespace CasPortal.Application.UnitTests.Sessions.ListReauthenticationRequirements;

public sealed class ListReauthenticationRequirementsHandlerTests : DatabaseTest
{
    [Fact]
    public async Task Requirements_come_newest_first_with_who_set_them_why_and_which_browser()
    {
        await using (var db = Database.NewContext())
        {
            db.ReauthenticationRequirements.AddRange(
                ReauthenticationRequirement.ForUser("bob", "alice", "lost laptop", Now.AddMinutes(-10)),
                ReauthenticationRequirement.ForBrowser("carol", "browser-hash", "Firefox on a kiosk", "alice", "shared computer", Now));
            await db.SaveChangesAsync();
        }

        await using var read = Database.NewContext();
        var requirements = await new ListReauthenticationRequirementsHandler(read)
            .Handle(new ListReauthenticationRequirementsQuery(), CancellationToken.None);

        Assert.Equal(
            [
                new RequirementSummary("carol", ReauthenticationScope.Browser, "Firefox on a kiosk", Now, "alice", "shared computer"),
                new RequirementSummary("bob", ReauthenticationScope.User, null, Now.AddMinutes(-10), "alice", "lost laptop"),
            ],
            requirements);
    }
}
