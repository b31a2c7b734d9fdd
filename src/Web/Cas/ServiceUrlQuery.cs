using CasPortal.Application.Authentication;

namespace CasPortal.Web.Cas;

/// <summary>What the service URL (<see cref="ServiceUrls.ForLogin"/>) carries back from CAS in the request's query.</summary>
internal static class ServiceUrlQuery
{
    /// <summary>The return path as given (the first one; empty counts as none). The handlers check it is local.</summary>
    public static string? Next(HttpRequest request) =>
        request.Query["next"].FirstOrDefault() is { Length: > 0 } next ? next : null;

    /// <summary>The gateway mark (<see cref="ServiceUrls.GatewayMarker"/>): a silent sign-in attempt is coming back.</summary>
    public static bool GatewayMarked(HttpRequest request) => request.Query["gateway"] == "1";

    /// <summary>The renew mark (<see cref="ServiceUrls.RenewMarker"/>): this sign-in must come from a typed password.</summary>
    public static bool RenewMarked(HttpRequest request) => request.Query["renew"] == "1";

    /// <summary>The sign-in state the service URL carried, if any.</summary>
    public static string? SignInState(HttpRequest request) =>
        request.Query[ServiceUrls.SignInStateParameter].ToString() is { Length: > 0 } state ? state : null;
}
