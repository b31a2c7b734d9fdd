namespace CasPortal.Application.Common.Options;

/// <summary>The <c>Portal</c> configuration section.</summary>
public sealed class PortalOptions
{
    public const string SectionName = "Portal";

    /// <summary>The portal's public base URL. Service URLs are built from it, never from the request's Host header.</summary>
    public string PublicBaseUrl { get; set; } = string.Empty;

    /// <summary>Usernames that are administrators.</summary>
    public List<string> Admins { get; set; } = [];

    /// <summary>A CAS attribute that makes its holder an administrator when it has <see cref="AdminAttributeValue"/> (e.g. memberOf).</summary>
    public string? AdminAttribute { get; set; }

    /// <summary>The value of <see cref="AdminAttribute"/> that grants administration (compared exactly).</summary>
    public string? AdminAttributeValue { get; set; }

    /// <summary>Services the profile calls for the user with a fresh proxy ticket each (needs Cas:ProxyCallbackUrl).</summary>
    public List<LinkedService> LinkedServices { get; set; } = [];

    /// <summary>Reverse proxies (IP addresses) whose X-Forwarded-For/-Proto headers are believed.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR) of reverse proxies whose forwarded headers are believed.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}
