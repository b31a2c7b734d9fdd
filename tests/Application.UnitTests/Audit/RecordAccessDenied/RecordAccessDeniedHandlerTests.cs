using CasPortal.Application.Audit.RecordAccessDenied;
using CasPortal.Application.Common.Models;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace CasPortal.Application.UnitTests.Audit.RecordAccessDenied;

public sealed class RecordAccessDeniedHandlerTests : DatabaseTest
{
    [Fact]
    public async Task An_administrator_page_refused_to_a_signed_in_user_leaves_an_audit_row_naming_who_where_and_why()
    {
        await using (var db = Database.NewContext())
        {
            await new RecordAccessDeniedHandler(db, db.Audit(new FakeRequestContext("192.0.2.9", "Safari"), Clock)).Handle(
                new RecordAccessDeniedCommand("bob", "ref-bob-1", "/admin/sessions"),
                CancellationToken.None);
        }

        await using var read = Database.NewContext();
        var audit = await read.AuditEvents.SingleAsync();
        Assert.Equal(
            (Now, AuditEventType.AccessDenied, "bob", "ref-bob-1", "192.0.2.9", "Safari", "Denied /admin/sessions", "NOT_ADMINISTRATOR"),
            (audit.OccurredAt, audit.Type, audit.Username, audit.SessionReference, audit.ClientIp, audit.UserAgent, audit.Detail, audit.Code));
    }
}
