using CasPortal.Application.Common.Options;

namespace CasPortal.Web;

/// <summary>
/// The built-in CAS server stands in only in Development and only while no real one is configured; anywhere else a
/// missing Cas:ServerUrl stops start-up.
/// </summary>
public static class DevelopmentCas
{
    public const string Path = "/dev-cas";

    public static bool IsUsed(IConfiguration configuration, IHostEnvironment environment) =>
        environment.IsDevelopment()
        && string.IsNullOrWhiteSpace(configuration[$"{CasOptions.SectionName}:{nameof(CasOptions.ServerUrl)}"]);
}
