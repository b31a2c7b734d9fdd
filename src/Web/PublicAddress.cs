using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CasPortal.Web;

/// <summary>
/// Portal:PublicBaseUrl, the address CAS sends browsers back to. In Development, when it is not set, it follows the
/// address the portal listens on (--urls, ASPNETCORE_URLS, the launch profile), so `dotnet run --urls
/// http://localhost:6000` signs in on port 6000 rather than on a default port nobody is listening on.
/// </summary>
public static class PublicAddress
{
    public const string Key = $"{PortalOptions.SectionName}:{nameof(PortalOptions.PublicBaseUrl)}";

    /// <summary>What Kestrel listens on when nothing says otherwise.</summary>
    private const string KestrelDefault = "http://localhost:5000";

    /// <summary>Fills Portal:PublicBaseUrl in from the listening address in Development; returns the value in force.</summary>
    public static string Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[Key];
        if (!string.IsNullOrWhiteSpace(configured) || !environment.IsDevelopment())
        {
            return configured ?? string.Empty;
        }

        if (FromListeningUrls(configuration["urls"] ?? KestrelDefault) is { } derived)
        {
            configuration[Key] = derived;
            return derived;
        }

        return string.Empty;
    }

    /// <summary>The first http(s) listening URL as a browser would type it, or null when none has a fixed port.</summary>
    public static string? FromListeningUrls(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Listening(url) is { Port: not 0 } uri && uri.Scheme is "http" or "https")
            {
                return $"{uri.Scheme}://{uri.Authority}";
            }
        }

        return null;
    }

    /// <summary>
    /// Once the server listens: warns when a loopback public address has a port nobody answers on, and in Development
    /// says where to open the portal and whom to sign in as.
    /// </summary>
    public static void ReportWhenStarted(WebApplication app) => app.Lifetime.ApplicationStarted.Register(() =>
    {
        var publicBaseUrl = app.Configuration[Key] ?? string.Empty;
        var listening = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        if (Disagreement(publicBaseUrl, listening) is { } problem)
        {
            WebLog.PublicAddressDisagrees(app.Logger, problem);
        }

        if (DevelopmentCas.IsUsed(app.Configuration, app.Environment)
            && app.Configuration.GetSection("DevCas:Users").GetChildren().FirstOrDefault() is { } user)
        {
            WebLog.ReadyForDevelopment(app.Logger, publicBaseUrl, user["Username"] ?? "?", user["Password"] ?? "?");
        }
    });

    /// <summary>
    /// Why a loopback public address would send browsers nowhere: no listening address has its port. Null when it
    /// agrees, or when the public address is not on this machine (behind a proxy the two differ by design).
    /// </summary>
    public static string? Disagreement(string publicBaseUrl, IEnumerable<string> listening)
    {
        if (!Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var publicUri) || !IsThisMachine(publicUri.Host))
        {
            return null;
        }

        return listening.Any(url => Listening(url)?.Port == publicUri.Port)
            ? null
            : $"Portal:PublicBaseUrl is {publicBaseUrl}, but the portal listens on {string.Join(", ", listening)}: "
              + "CAS would send browsers back to a port nobody answers. Set Portal:PublicBaseUrl to the address browsers use.";
    }

    /// <summary>A listening address as a browser on this machine would reach it: wildcard hosts become localhost.</summary>
    private static Uri? Listening(string url)
    {
        // "*" and "+" are not URI hosts; they, like 0.0.0.0 and [::], mean every address of this machine.
        var normalised = url.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal);
        return Uri.TryCreate(normalised, UriKind.Absolute, out var uri) ? uri : null;
    }

    private static bool IsThisMachine(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
