using CasPortal.Application.Audit.RecordForgedRequest;
using CasPortal.Application.Common.Models;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain;
using CasPortal.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Application.UnitTests.Audit.RecordForgedRequest;

public sealed class RecordForgedRequestHandlerTests : DatabaseTest
{
    [Fact]
    public async Task A_form_post_without_a_valid_antiforgery_token_leaves_an_audit_row_naming_the_path()
    {
        var audit = await RecordAsync("alice", "/admin/sessions");

        Assert.Equal(
            (Now, AuditEventType.RequestRejected, "alice", "192.0.2.9", "Safari", RecordForgedRequestHandler.Code),
            (audit.OccurredAt, audit.Type, audit.Username, audit.ClientIp, audit.UserAgent, audit.Code));
        Assert.Equal("Form post to /admin/sessions refused: missing or invalid antiforgery token", audit.Detail);
    }

    [Fact]
    public async Task An_overlong_path_from_an_anonymous_visitor_is_still_recorded_cut_to_the_audit_limit()
    {
        var audit = await RecordAsync(null, "/" + new string('a', Limits.ReturnUrlLength + 100));

        Assert.Null(audit.Username);
        Assert.StartsWith("Form post to /aaaa", audit.Detail);
        Assert.InRange(audit.Detail!.Length, 1, Limits.AuditDetailLength);
    }

    private async Task<AuditEvent> RecordAsync(string? username, string path)
    {
        await using (var db = Database.NewContext())
        {
            await new RecordForgedRequestHandler(db, db.Audit(new FakeRequestContext("192.0.2.9", "Safari"), Clock)).Handle(
                new RecordForgedRequestCommand(username, path), CancellationToken.None);
        }

        await using var read = Database.NewContext();
        return await read.AuditEvents.SingleAsync();
    }
}
