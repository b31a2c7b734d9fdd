namespace CasPortal.Application.Common.Interfaces;

/// <summary>
/// Who makes the request being handled and where it came from, as sessions and audit records keep it. The web host
/// reads it from the HTTP request; background jobs have none, so every value is null there.
/// </summary>
public interface IRequestContext
{
    string? ClientIp { get; }
    string? UserAgent { get; }

    /// <summary>The signed-in user making the request: an administrator acting on others, or a user on their own sessions.</summary>
    string? Username { get; }

    /// <summary>The reference of the session the request is made from.</summary>
    string? SessionReference { get; }
}

public static class RequestContextExtensions
{
    /// <summary>
    /// The signed-in user of a use case that only signed-in requests reach (the web host's authorization sees to it);
    /// a request without one is a wiring fault, never a user's input.
    /// </summary>
    public static string SignedInUser(this IRequestContext request) =>
        request.Username ?? throw new InvalidOperationException("This use case needs a signed-in user, and the request has none.");
}

/// <summary>A request that validation rejects is itself worth an audit record.</summary>
public interface IAuditedRequest;

/// <summary>Work no HTTP request asked for: the periodic jobs.</summary>
internal sealed class BackgroundRequestContext : IRequestContext
{
    public string? ClientIp => null;
    public string? UserAgent => null;
    public string? Username => null;
    public string? SessionReference => null;
}
