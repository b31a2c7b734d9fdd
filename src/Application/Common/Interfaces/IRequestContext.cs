namespace CasPortal.Application.Common.Interfaces;

/// <summary>
/// Where the request being handled came from, as sessions and audit records keep it. The web host reads it from the
/// HTTP request; background jobs have none, so both values are null there.
/// </summary>
public interface IRequestContext
{
    string? ClientIp { get; }
    string? UserAgent { get; }
}

/// <summary>A request that validation rejects is itself worth an audit record.</summary>
public interface IAuditedRequest;

/// <summary>Work no HTTP request asked for: the periodic jobs.</summary>
internal sealed class BackgroundRequestContext : IRequestContext
{
    public string? ClientIp => null;
    public string? UserAgent => null;
}
