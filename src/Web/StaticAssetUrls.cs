using Microsoft.AspNetCore.Components;

namespace CasPortal.Web;

/// <summary>
/// The address of one of the portal's own static files as the layout links it: the fingerprinted name from the build's
/// static-asset manifest (<c>MapStaticAssets</c> serves it as immutable), which every page endpoint carries.
/// The framework's tag helpers that do the same (<c>~/</c> paths, <c>asp-append-version</c>) are built and run for each
/// link on every page, at a cost measured in docs/PERFORMANCE.md (twelfth round); this is one dictionary lookup.
/// </summary>
public static class StaticAssetUrls
{
    /// <param name="path">The file's path under wwwroot, without a leading slash: <c>css/site.css</c>.</param>
    public static string For(HttpContext context, string path)
    {
        // Without the manifest (no endpoint, or a build without static web assets) the plain name still serves the file,
        // revalidated by its ETag instead of cached for good.
        var assets = context.GetEndpoint()?.Metadata.GetMetadata<ResourceAssetCollection>();
        return context.Request.PathBase + "/" + (assets is null ? path : assets[path]);
    }
}
