namespace CasPortal.Application.Common.Options;

/// <summary>The <c>Cas</c> configuration section.</summary>
public sealed class CasOptions
{
    public const string SectionName = "Cas";

    /// <summary>CAS base URL, e.g. https://cas.example.edu/cas; login is {ServerUrl}/login.</summary>
    public string? ServerUrl { get; set; }

    /// <summary>Only 3 (CAS 3.0, /p3/serviceValidate) for now.</summary>
    public int ProtocolVersion { get; set; } = 3;

    /// <summary>Time allowed for one validation call, connection included.</summary>
    public TimeSpan ValidationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Larger validation answers are refused unread.</summary>
    public int MaxResponseBytes { get; set; } = 256 * 1024;
}
