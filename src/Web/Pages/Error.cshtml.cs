using System.Diagnostics;
using CasPortal.Application.Audit.RecordRejectedRequest;
using CasPortal.Application.Common.Behaviours;
using CasPortal.Application.Common.Logging;
using Microsoft.AspNetCore.Diagnostics;

namespace CasPortal.Web.Pages;

/// <summary>
/// Where every unhandled exception ends: plain words and a reference, never the exception itself.
/// </summary>
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(IMediator mediator, ILogger<ErrorModel> logger) : PageModel
{
    public string Title { get; private set; } = "Something went wrong";
    public IReadOnlyList<string> Messages { get; private set; } = [];
    public string? RequestId { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => DescribeAsync(cancellationToken);

    public Task OnPostAsync(CancellationToken cancellationToken) => DescribeAsync(cancellationToken);

    private async Task DescribeAsync(CancellationToken cancellationToken)
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        var error = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        if (error?.Error is RequestValidationException invalid)
        {
            WebLog.RequestRejected(logger, LogText.Escape(error.Path));
            await RecordAsync(invalid, cancellationToken);
            Title = "That request could not be understood";
            Messages = invalid.Messages;
            return;
        }

        if (error?.Error is { } refused && ErrorStatus.IsClientFault(refused))
        {
            WebLog.RequestRefused(logger, ErrorStatus.For(refused), refused.GetType().Name, LogText.Escape(error.Path));
            Title = "That request could not be accepted";
            Messages = ["It was malformed, too large, or had more fields than this page takes, so nothing was changed."];
            return;
        }

        if (error?.Error is { } failure && ErrorStatus.IsDatabaseFault(failure))
        {
            // Every use case commits once, so nothing was half written: trying again later is safe.
            Title = "The portal cannot save right now";
            Messages = ["Its database is not accepting changes at the moment, so nothing was changed. Please try again in a few minutes."];
            return;
        }

        Messages = ["The portal could not finish your request. Please try again; if it keeps happening, tell the help desk the reference below."];
    }

    /// <summary>The refusal of an audited request is recorded here, where it is answered; the validator only refuses.</summary>
    private async Task RecordAsync(RequestValidationException invalid, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new RecordRejectedRequestCommand(invalid), cancellationToken);
        }
        catch (Exception failure) when (ErrorStatus.IsDatabaseFault(failure))
        {
            // The refusal stands and the page still explains it; only its record is lost while the database refuses writes.
        }
    }
}
