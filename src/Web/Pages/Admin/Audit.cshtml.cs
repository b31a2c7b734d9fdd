using CasPortal.Application.Audit;
using CasPortal.Application.Audit.ExportAuditLog;
using CasPortal.Application.Audit.GetAuditChart;
using CasPortal.Application.Audit.SearchAuditLog;
using CasPortal.Web.Time;
using FluentValidation;

namespace CasPortal.Web.Pages.Admin;

/// <summary>
/// The audit log for security staff: filters kept in the URL (so a view can be bookmarked), keyset pages, a chart of the
/// range, and CSV / JSON Lines exports of exactly what is filtered. A filter the validator refuses shows the form with
/// the error beside its field, with a 400 status and no results.
/// </summary>
public sealed class AuditModel(
    IMediator mediator, TimeProvider clock, IOptions<PortalOptions> portal,
    IValidator<SearchAuditLogQuery> searchRules, IValidator<GetAuditChartQuery> chartRules, IValidator<ExportAuditLogQuery> exportRules)
    : PageModel
{
    public AuditFilterForm Form { get; private set; } = new();
    public AuditLinks Links => new(Url, Form);
    public FilterErrors Errors => new(ModelState);
    public TimeZoneInfo Zone => Form.Zone;
    public AuditPage Result { get; private set; } = new([], null);
    public AuditChartView? Chart { get; private set; }

    public string Local(DateTime utc) => ViewerTime.Format(utc, Zone);

    public async Task<IActionResult> OnGetAsync(AuditFilterForm form, CancellationToken cancellationToken)
    {
        var filter = Read(form);
        var search = new SearchAuditLogQuery(filter, AuditCursor.Parse(form.Before), form.PageSize, AuditCursor.Parse(form.After));
        var chart = new GetAuditChartQuery(filter, Zone);
        if (!await IsValidAsync(searchRules, search, cancellationToken) | !await IsValidAsync(chartRules, chart, cancellationToken))
        {
            return Refused();
        }

        Result = await mediator.Send(search, cancellationToken);
        Chart = new AuditChartView(await mediator.Send(chart, cancellationToken), Links.Bucket, Links.Cause);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(AuditFilterForm form, string? format, CancellationToken cancellationToken)
    {
        var export = new ExportAuditLogQuery(Read(form));
        if (!AuditExport.IsFormat(format))
        {
            ModelState.AddModelError("format", "Export as csv or jsonl.");
        }

        if (!await IsValidAsync(exportRules, export, cancellationToken))
        {
            return Refused();
        }

        var rows = mediator.CreateStream(export, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (rows)
        {
            await AuditExport.WriteAsync(Response, format!, rows, await rows.MoveNextAsync(), cancellationToken);
        }

        return new EmptyResult();
    }

    private AuditFilter Read(AuditFilterForm form)
    {
        Form = form;
        return form.Read(HttpContext, portal.Value, clock.GetUtcNow().UtcDateTime, ModelState);
    }

    private async Task<bool> IsValidAsync<T>(IValidator<T> rules, T query, CancellationToken cancellationToken)
    {
        FilterErrors.Add(ModelState, await rules.ValidateAsync(query, cancellationToken), AuditFilterForm.FieldOf);
        return ModelState.IsValid;
    }

    private PageResult Refused()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
