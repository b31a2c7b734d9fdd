namespace CasPortal.Web.Cas;

/// <summary>
/// The CAS service URL, <c>/login</c>. Each message that arrives here has its own handler, which sends one command and
/// maps its result, as ASP.NET's remote authentication handlers do: a sign-in start, a ticket (a GET, or a form post
/// with Cas:LoginMethod Post), a back-channel single logout (the CAS server's post) and a front-channel one (through
/// the browser). Failure pages are rendered by the status page.
/// </summary>
public static class LoginEndpoint
{
    public const string Path = "/login";

    /// <summary>Only CAS servers post here (tickets, logout requests); nothing they send comes near this size.</summary>
    public const int MaxPostBytes = 1024 * 1024;

    public static IServiceCollection AddLoginEndpoint(this IServiceCollection services) => services
        .AddScoped<SignInStartHandler>()
        .AddScoped<TicketValidationHandler>()
        .AddScoped<BackChannelLogoutHandler>()
        .AddScoped<FrontChannelLogoutHandler>()
        .AddScoped<SingleLogoutSender>();

    public static void MapLoginEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, GetAsync).RequireRateLimiting(RateLimiting.SignInPolicy);

        // CAS posts carry no antiforgery token (they come from the CAS server or its page); the body is capped before
        // it is read.
        app.MapPost(Path, PostAsync)
            .RequireRateLimiting(RateLimiting.SignInPolicy)
            .DisableAntiforgery()
            .WithMetadata(
                new RequestSizeLimitAttribute(MaxPostBytes),
                new RequestFormLimitsAttribute { ValueLengthLimit = MaxPostBytes, ValueCountLimit = 16, KeyLengthLimit = 64 });
    }

    private static Task<IResult> GetAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        if (FrontChannelLogoutHandler.EncodedRequest(query) is { } encodedLogout)
        {
            return Handler<FrontChannelLogoutHandler>(context).HandleAsync(context, encodedLogout, cancellationToken);
        }

        return query.TryGetValue("ticket", out var ticket)
            ? Handler<TicketValidationHandler>(context).HandleAsync(context, ticket.ToString(), cancellationToken)
            : Handler<SignInStartHandler>(context).HandleAsync(context, cancellationToken);
    }

    private static async Task<IResult> PostAsync(HttpContext context, CancellationToken cancellationToken)
    {
        // Read within this endpoint's form limits; a form over them throws, and the error page answers 413.
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(cancellationToken) : null;
        if (form is not null && form.TryGetValue("ticket", out var postedTicket))
        {
            return await Handler<TicketValidationHandler>(context).HandleAsync(context, postedTicket.ToString(), cancellationToken);
        }

        return await Handler<BackChannelLogoutHandler>(context).HandleAsync(context, form, cancellationToken);
    }

    private static T Handler<T>(HttpContext context) where T : notnull => context.RequestServices.GetRequiredService<T>();
}
