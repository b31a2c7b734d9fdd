using CasPortal.Application;
using CasPortal.Infrastructure;
using CasPortal.Web;
using CasPortal.Web.Cas;
using CasPortal.Web.Health;
using CasPortal.Web.Telemetry;

var builder = WebApplication.CreateBuilder(args);
builder.Services
    .AddApplication(builder.Configuration)
    .AddInfrastructure(builder.Configuration, builder.Environment.ContentRootPath)
    .AddWebServices(builder.Configuration, builder.Environment);

var app = builder.Build();

app.UseForwardedHeaders();
app.UsePortalTelemetry(); // the Prometheus scrape endpoint, when on: it judges the client address set just above
app.UseCookiePolicy();
app.UseMiddleware<PlainHttpBehindTlsCheck>();

// No environment ever shows an exception page: failures render /Error, bad requests a 400 page.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    ExceptionHandlingPath = "/Error",
    StatusCodeSelector = ErrorStatus.For,
    SuppressDiagnosticsCallback = context => ErrorStatus.IsClientFault(context.Exception),
});
app.UseStatusCodePagesWithReExecute("/Status/{0}");
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseMiddleware<SecurityHeadersMiddleware>();
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseSessionLogScope();
app.UseAuthorization();
app.MapStaticAssets();
app.MapRazorPages().WithStaticAssets();
app.MapLoginEndpoint(); // the CAS service URL: sign-in starts, tickets and single-logout requests
app.MapHealthEndpoints(); // answered by routing itself: no rate limit, no authentication
app.MapDevelopmentCas();

PublicAddress.ReportWhenStarted(app);

try
{
    if (args is ["migrate", ..])
    {
        // `CasPortal.Web migrate`: bring the configured database's schema up to date, then exit without serving.
        await app.Services.MigrateDatabaseAsync();
        return 0;
    }

    await app.RunAsync();
    return 0;
}
catch (Exception failed) when (args is ["migrate", ..] && StartupErrors.ConfigurationFailures(failed).Count == 0)
{
    await Console.Error.WriteLineAsync($"CasPortal could not migrate the database: {failed.Message}");
    return 1;
}
catch (Exception failed) when (StartupErrors.ConfigurationFailures(failed) is { Count: > 0 } failures)
{
    await Console.Error.WriteLineAsync(
        "CasPortal cannot start; fix the configuration:" + Environment.NewLine + "  - "
        + string.Join(Environment.NewLine + "  - ", failures));
    return 1;
}

/// <summary>The entry point, named so functional tests can host the app.</summary>
public partial class Program;
