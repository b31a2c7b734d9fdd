using CasPortal.Application.Audit;
using CasPortal.Application.Audit.GetAuditChart;
using CasPortal.Application.Audit.SearchAuditLog;
using CasPortal.Domain.Audit;

namespace CasPortal.Application.UnitTests.Audit.SearchAuditLog;

/// <summary>Each refusal names the property it is about, so the audit page can show it beside that field.</summary>
public sealed class SearchAuditLogValidatorTests
{
    private static readonly DateTime Day = new(2026, 3, 10, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_range_that_ends_before_it_starts_is_refused_at_its_end() =>
        Assert.Equal("Filter.ToUtc", SingleFailure(new SearchAuditLogQuery(new AuditFilter(FromUtc: Day, ToUtc: Day.AddDays(-1)), null, 50)));

    [Fact]
    public void An_unknown_page_size_is_refused_at_the_page_size() =>
        Assert.Equal("PageSize", SingleFailure(new SearchAuditLogQuery(new AuditFilter(), null, 7)));

    [Fact]
    public void Asking_for_the_older_and_the_newer_page_at_once_is_refused_at_the_cursor() =>
        Assert.Equal("After", SingleFailure(new SearchAuditLogQuery(new AuditFilter(), new AuditCursor(Day, 1), 50, new AuditCursor(Day, 2))));

    [Fact]
    public void An_event_type_outside_the_list_is_refused_at_the_type() =>
        Assert.Equal("Filter.Type", SingleFailure(new SearchAuditLogQuery(new AuditFilter(Type: (AuditEventType)int.MinValue), null, 50)));

    [Fact]
    public void A_chart_range_too_long_to_draw_is_refused_at_its_end()
    {
        var query = new GetAuditChartQuery(new AuditFilter(FromUtc: Day, ToUtc: Day.AddDays(801)), TimeZoneInfo.Utc);

        Assert.Equal("Filter.ToUtc", Assert.Single(new GetAuditChartValidator().Validate(query).Errors).PropertyName);
    }

    private static string SingleFailure(SearchAuditLogQuery query) =>
        Assert.Single(new SearchAuditLogValidator().Validate(query).Errors).PropertyName;
}
