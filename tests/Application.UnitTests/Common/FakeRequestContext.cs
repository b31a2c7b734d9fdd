using CasPortal.Application.Audit;
using CasPortal.Application.Common.Interfaces;
using CasPortal.Infrastructure.Persistence;

namespace CasPortal.Application.UnitTests.Common;

/// <summary>The request a handler under test serves: where it came from, and who is signed in to make it.</summary>
public sealed record FakeRequestContext(string? ClientIp, string? UserAgent, string? Username = null, string? SessionReference = null)
    : IRequestContext
{
    public static readonly FakeRequestContext None = new(null, null);
}

public static class AuditTrails
{
    /// <summary>The audit trail of a request from <paramref name="request"/>, attached to <paramref name="db"/> as the host attaches it.</summary>
    public static AuditTrail Audit(this PortalDbContext db, IRequestContext request, TimeProvider clock)
    {
        var trail = new AuditTrail(request, clock);
        db.UseAuditTrail(trail);
        return trail;
    }
}
