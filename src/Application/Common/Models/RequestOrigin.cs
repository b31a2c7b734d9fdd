namespace CasPortal.Application.Common.Models;

/// <summary>Where a request came from, as recorded in sessions and audit events.</summary>
public sealed record RequestOrigin(string? ClientIp, string? UserAgent)
{
    public static readonly RequestOrigin Unknown = new(null, null);
}

/// <summary>A request whose rejection by validation is itself worth an audit record.</summary>
public interface IAuditedRequest
{
    RequestOrigin Origin { get; }
}
