using System.Globalization;
using CasPortal.Application.Audit;
using CasPortal.Application.Audit.GetAuditChart;

namespace CasPortal.Web.Pages.Admin;

/// <summary>The audit page's links: the same filter with some values changed, so every view can be bookmarked.</summary>
public sealed class AuditLinks(IUrlHelper url, AuditFilterForm form)
{
    public string With(object changes)
    {
        var values = form.RouteValues();
        foreach (var (key, value) in new RouteValueDictionary(changes))
        {
            values[key] = value;
        }

        return url.Page("/Admin/Audit", values)!;
    }

    /// <summary>The events of one chart bar: its start and end in the viewer's zone, other filters kept.</summary>
    public string Bucket(DateTime localStart, DateTime localEnd) => With(new
    {
        from = localStart.ToString(AuditFilterForm.LocalTimeFormat, CultureInfo.InvariantCulture),
        to = localEnd.ToString(AuditFilterForm.LocalTimeFormat, CultureInfo.InvariantCulture),
        range = (string?)null,
    });

    /// <summary>The events of one failure cause in the same range: its event type, and its code where it has one.</summary>
    public string Cause(FailureCause cause) => With(new { type = cause.Type, code = cause.Code, outcome = AuditOutcome.Any });
}
