using System.Net;
using CasPortal.TestSupport;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.DependencyInjection;

namespace CasPortal.Web.FunctionalTests;

/// <summary>
/// The layout links the portal's styles and scripts by their fingerprinted names, which Production serves as immutable
/// (this host runs in Development, where they are revalidated).
/// </summary>
public sealed class StaticAssetTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData(false, "/logout-callback")]
    [InlineData(true, "/profile")]
    [InlineData(false, "/no-such-page")]
    public async Task Every_page_links_fingerprinted_styles_and_scripts_that_are_served(bool signedIn, string page)
    {
        using var browser = portal.NewBrowser();
        if (signedIn)
        {
            await browser.SignInAsync("bob", "bob");
        }

        var document = await PortalBrowser.ParseAsync(await browser.GetAsync(page));
        var links = document.QuerySelectorAll("link[rel=stylesheet]").Select(link => link.GetAttribute("href")!)
            .Concat(document.QuerySelectorAll("script[src]").Select(script => script.GetAttribute("src")!))
            .ToList();

        Assert.Equal(5, links.Count);
        foreach (var link in links)
        {
            // bootstrap.min.css is linked as bootstrap.min.<fingerprint>.css, and so on.
            Assert.Matches(@"^/[\w/.-]+\.[a-z0-9]{10}\.(styles\.)?(css|js)$", link);
            var asset = await browser.GetAsync(link);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Equal(link.EndsWith(".css") ? "text/css" : "text/javascript", asset.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public void A_path_takes_the_manifest_name_of_the_page_endpoint_and_the_base_path_in_front()
    {
        var context = new DefaultHttpContext { Request = { PathBase = "/portal" } };
        var manifest = new ResourceAssetCollection(
            [new ResourceAsset("css/site.p6o3fp9uln.css", [new ResourceAssetProperty("label", "css/site.css")])]);
        context.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection([(object)manifest]), "page"));

        Assert.Equal("/portal/css/site.p6o3fp9uln.css", StaticAssetUrls.For(context, "css/site.css"));
        Assert.Equal("/portal/js/other.js", StaticAssetUrls.For(context, "js/other.js"));
    }

    [Fact]
    public void Without_a_manifest_the_plain_name_is_linked()
    {
        Assert.Equal("/css/site.css", StaticAssetUrls.For(new DefaultHttpContext(), "css/site.css"));
    }

    [Fact]
    public void No_tag_helper_component_is_registered_because_the_layouts_head_and_body_do_not_run_them()
    {
        // _ViewImports.cshtml removes the head and body tag helpers that would run them; a component registered later
        // would silently do nothing.
        Assert.Empty(portal.Services.GetServices<ITagHelperComponent>());
    }
}
