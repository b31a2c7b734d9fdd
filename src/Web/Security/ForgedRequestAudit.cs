using CasPortal.Application.Audit.RecordForgedRequest;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;

namespace CasPortal.Web.Security;

/// <summary>
/// Records every form post the antiforgery check refused (the check itself answers 400 before the page runs). An
/// always-run result filter, because the check short-circuits as an authorization filter.
/// </summary>
public sealed class ForgedRequestAudit(IMediator mediator) : IAsyncAlwaysRunResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        if (context.Result is IAntiforgeryValidationFailedResult)
        {
            var http = context.HttpContext;
            await mediator.Send(new RecordForgedRequestCommand(
                http.User.Identity?.IsAuthenticated == true ? http.User.Identity.Name : null,
                (http.Request.PathBase + http.Request.Path).ToString()), http.RequestAborted);
        }

        await next();
    }
}
