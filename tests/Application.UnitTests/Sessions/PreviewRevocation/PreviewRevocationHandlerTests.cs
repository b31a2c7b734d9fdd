using CasPortal.Application.Sessions.PreviewRevocation;

namespace CasPortal.Application.UnitTests.Sessions.PreviewRevocation;

/// <summary>What a revocation would end, shown for the administrator to confirm; nothing changes yet.</summary>
public sealed class PreviewRevocationHandlerTests : DatabaseTest
{
    [Fact]
    public async Task One_session_is_previewed_by_its_reference_with_whose_it_is()
    {
        var session = await Database.SeedSessionAsync("bob", Now);
        await Database.SeedSessionAsync("bob", Now);

        var preview = await Preview(session.Reference, null);

        Assert.NotNull(preview);
        Assert.Equal("bob", preview.Username);
        var summary = Assert.Single(preview.Sessions);
        Assert.Equal((session.Reference, "bob", "Firefox on the laptop"), (summary.Reference, summary.Username, summary.UserAgent));
    }

    [Fact]
    public async Task An_unknown_ended_or_expired_session_has_nothing_to_preview()
    {
        var ended = await Database.SeedSessionAsync("bob", Now);
        await EndAsync(ended);
        var expired = await Database.SeedSessionAsync("bob", Now.AddMinutes(-31));

        Assert.Null(await Preview("nope", null));
        Assert.Null(await Preview(ended.Reference, null));
        Assert.Null(await Preview(expired.Reference, null));
    }

    [Fact]
    public async Task A_users_active_sessions_come_most_recently_seen_first_and_no_one_elses()
    {
        var older = await Database.SeedSessionAsync("bob", Now.AddMinutes(-10));
        var newer = await Database.SeedSessionAsync("bob", Now.AddMinutes(-2));
        await EndAsync(await Database.SeedSessionAsync("bob", Now));
        await Database.SeedSessionAsync("carol", Now);

        var preview = await Preview(null, "bob");

        Assert.NotNull(preview);
        Assert.Equal("bob", preview.Username);
        Assert.Equal([newer.Reference, older.Reference], preview.Sessions.Select(s => s.Reference));
    }

    [Fact]
    public async Task A_user_the_portal_never_saw_has_no_preview_and_a_known_user_without_sessions_an_empty_one()
    {
        await EndAsync(await Database.SeedSessionAsync("bob", Now));

        Assert.Null(await Preview(null, "bobb"));
        var known = await Preview(null, "bob");
        Assert.NotNull(known);
        Assert.Equal("bob", known.Username);
        Assert.Empty(known.Sessions);
        // A preview is not the revocation: a typo is refused and audited only when it is carried out.
        Assert.Equal([AuditEventType.Logout], await Database.NewContext().AuditEvents.Select(e => e.Type).ToListAsync());
    }

    [Fact]
    public async Task The_confirmation_lists_at_most_fifty_sessions()
    {
        for (var i = 0; i < 51; i++)
        {
            await Database.SeedSessionAsync("bob", Now);
        }

        Assert.Equal(50, (await Preview(null, "bob"))!.Sessions.Count);
    }

    private async Task<RevocationPreview?> Preview(string? sessionReference, string? username)
    {
        await using var db = Database.NewContext();
        return await new PreviewRevocationHandler(db, Clock).Handle(new PreviewRevocationQuery(sessionReference, username), default);
    }
}
