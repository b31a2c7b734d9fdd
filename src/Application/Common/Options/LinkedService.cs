namespace CasPortal.Application.Common.Options;

/// <summary>A CAS-protected service the profile page calls for the user with a proxy ticket (Portal:LinkedServices).</summary>
public sealed class LinkedService
{
    public string Name { get; set; } = string.Empty;
    public string Url { get; set; } = string.Empty;
}
