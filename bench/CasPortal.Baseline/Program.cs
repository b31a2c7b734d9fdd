// The baseline page for the http benchmark: `dotnet CasPortal.Baseline.dll --webroot <src/Web/wwwroot> --urls <url>`.
// The web root is the portal's own, so the layout's asset links (with their version hashes) resolve to the same files.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    WebRootPath = new ConfigurationBuilder().AddCommandLine(args).Build()["webroot"],
});
builder.Services.AddRazorPages();

var app = builder.Build();
app.UseStaticFiles();
app.MapRazorPages();
app.Run();
