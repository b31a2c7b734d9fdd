using CasPortal.Application.Audit;
using CasPortal.Application.Common.Interfaces;
using CasPortal.Infrastructure.Persistence;

namespace CasPortal.Infrastructure.Tests.Persistence;

/// <summary>The request a save is made for: where it came from.</summary>
public sealed record TestRequest(string? ClientIp, string? UserAgent, string? Username = null, string? SessionReference = null) : IRequestContext
{
    public static readonly TestRequest None = new(null, null);
}

public static class TestAuditTrails
{
    /// <summary>Attaches an audit trail, as the host does for every scope's context.</summary>
    public static TContext Audited<TContext>(this TContext db, TimeProvider clock, IRequestContext? request = null)
        where TContext : PortalDbContext
    {
        db.UseAuditTrail(new AuditTrail(request ?? TestRequest.None, clock));
        return db;
    }
}
