using CasPortal.Application.Audit.RecordAccessDenied;
using CasPortal.Application.Common.Interfaces;
using CasPortal.Web.Cas;
using CasPortal.Web.Health;
using CasPortal.Web.Http;
using CasPortal.Web.Telemetry;
using CasPortal.Infrastructure.Cas;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace CasPortal.Web;

public static class DependencyInjection
{
    public static IServiceCollection AddWebServices(
        this IServiceCollection services,
        IConfiguration configuration,
        IWebHostEnvironment environment)
    {
        services.AddRazorPages(options => options.Conventions.AuthorizeFolder("/Admin", AdministratorRequirement.Policy))
            .AddMvcOptions(options => options.Filters.Add<ForgedRequestAudit>());
        services.AddAuthorizationBuilder()
            .AddPolicy(AdministratorRequirement.Policy, policy => policy
                .RequireAuthenticatedUser()
                .AddRequirements(new AdministratorRequirement()));
        services.AddSingleton<AdministratorCheck>();
        services.AddSingleton<IAuthorizationHandler, AdministratorHandler>();
        services.AddSingleton<ServerSideSessionStore>();
        services.AddPortalRateLimits(configuration);
        services.AddLoginEndpoint();
        services.AddSingleton<PendingSignOuts>();
        services.AddHttpContextAccessor();
        services.AddScoped<HttpRequestContext>();
        services.AddScoped<IRequestContext>(provider => provider.GetRequiredService<HttpRequestContext>());
        services.AddHostedService<PendingSignOutService>();
        services.AddPortalTelemetry(configuration, environment);
        services.AddHealthChecks().AddCasReachabilityCheck(HealthEndpoints.CasTag);

        var publicBaseUrl = PublicAddress.Resolve(configuration, environment);
        var httpsOnly = PortalCookies.IsHttps(new PortalOptions { PublicBaseUrl = publicBaseUrl });

        // X-Forwarded-For/-Proto are believed only from the configured reverse proxies (none by default). They set the
        // client address and scheme; the service URL still comes from Portal:PublicBaseUrl alone.
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<PortalOptions>>((options, portal) =>
        {
            // With no known proxy the middleware would believe anyone, so it is switched off altogether.
            var anyKnown = portal.Value.KnownProxies.Count > 0 || portal.Value.KnownNetworks.Count > 0;
            options.ForwardedHeaders = anyKnown ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in portal.Value.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in portal.Value.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        services.AddAuthentication(SessionPrincipal.Scheme)
            .AddCookie(SessionPrincipal.Scheme, options =>
            {
                options.Cookie.Name = "casportal.session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = httpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                // The session row decides when a session ends; the cookie itself lives as long as the browser.
                options.SlidingExpiration = false;
                options.ExpireTimeSpan = TimeSpan.FromDays(1);
                options.Events.OnRedirectToAccessDenied = async context =>
                {
                    // A signed-in user who is not an administrator: a 403 page, and a record of the attempt.
                    var mediator = context.HttpContext.RequestServices.GetRequiredService<IMediator>();
                    await mediator.Send(new RecordAccessDeniedCommand(
                        context.HttpContext.User.Identity?.Name ?? "unknown",
                        SessionPrincipal.SessionReferenceOf(context.HttpContext.User),
                        (context.Request.PathBase + context.Request.Path).ToString()));
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                };
                options.Events.OnRedirectToLogin = context =>
                {
                    // A relative Location keeps the Host header out of redirects.
                    var returnTo = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
                    context.Response.Redirect("/login?next=" + Uri.EscapeDataString(returnTo));
                    return Task.CompletedTask;
                };
            });
        services.AddOptions<CookieAuthenticationOptions>(SessionPrincipal.Scheme)
            .Configure<ServerSideSessionStore>((options, store) =>
            {
                options.SessionStore = store;
                options.TicketDataFormat = new SessionCookieFormat();
            });

        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "casportal.antiforgery";
            options.Cookie.SecurePolicy = httpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        services.Configure<CookieTempDataProviderOptions>(options =>
        {
            options.Cookie.Name = StatusMessages.CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = httpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });

        // The floor under every cookie, including any a library sets that is not configured above (UseCookiePolicy).
        services.Configure<CookiePolicyOptions>(options =>
        {
            options.Secure = httpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.HttpOnly = Microsoft.AspNetCore.CookiePolicy.HttpOnlyPolicy.Always;
            options.MinimumSameSitePolicy = SameSiteMode.Lax;
        });

        services.AddDevelopmentCas(configuration, environment, publicBaseUrl);
        return services;
    }
}
