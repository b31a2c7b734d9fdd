using CasPortal.Application.Audit;
using CasPortal.Application.Audit.GetAuditChart;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Audit;
using Microsoft.Extensions.Time.Testing;

namespace CasPortal.Application.UnitTests.Audit.GetAuditChart;

public sealed class GetAuditChartHandlerTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_short_range_is_counted_per_hour_of_the_viewers_time_zone()
    {
        var nineUtc = new DateTime(2026, 11, 27, 9, 10, 0, DateTimeKind.Utc);
        await AddAsync(
            new AuditEvent(nineUtc, AuditEventType.LoginSucceeded, "a"),
            new AuditEvent(nineUtc.AddMinutes(5), AuditEventType.LoginSucceeded, "b"),
            new AuditEvent(nineUtc.AddMinutes(20), AuditEventType.LoginFailed, code: "INVALID_TICKET"),
            new AuditEvent(nineUtc.AddHours(1), AuditEventType.LoginFailed, code: "TIMEOUT"),
            new AuditEvent(nineUtc.AddHours(1), AuditEventType.LoginFailed, code: "INVALID_TICKET"),
            new AuditEvent(nineUtc, AuditEventType.Logout, "a"));
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

        var chart = await ChartAsync(new AuditFilter(FromUtc: nineUtc.AddMinutes(-10), ToUtc: nineUtc.AddHours(3)), paris);

        Assert.True(chart.Hourly);
        var ten = Assert.Single(chart.Buckets, b => b.Start == new DateTime(2026, 11, 27, 10, 0, 0));
        Assert.Equal((2, 1), (ten.SignIns, ten.Failures));
        var eleven = Assert.Single(chart.Buckets, b => b.Start == new DateTime(2026, 11, 27, 11, 0, 0));
        Assert.Equal((0, 2), (eleven.SignIns, eleven.Failures));
        Assert.Equal(4, chart.Buckets.Count); // 10:00 to 13:00 Paris time: the range ends 12:10 UTC
        Assert.Equal([new FailureCause(AuditEventType.LoginFailed, "INVALID_TICKET", 2), new FailureCause(AuditEventType.LoginFailed, "TIMEOUT", 1)], chart.TopFailureCauses);
    }

    [Fact]
    public async Task Sign_ins_sent_back_for_a_password_are_counted_beside_sign_ins_and_failures()
    {
        var nineUtc = new DateTime(2026, 11, 27, 9, 10, 0, DateTimeKind.Utc);
        await AddAsync(
            new AuditEvent(nineUtc, AuditEventType.SignInRestartedForReauthentication, "bob"),
            new AuditEvent(nineUtc.AddMinutes(1), AuditEventType.ReauthenticatedWithCredentials, "bob"),
            new AuditEvent(nineUtc.AddMinutes(1), AuditEventType.LoginSucceeded, "bob"));

        var chart = await ChartAsync(new AuditFilter(FromUtc: nineUtc.AddMinutes(-10), ToUtc: nineUtc.AddHours(1)), TimeZoneInfo.Utc);

        var nine = Assert.Single(chart.Buckets, b => b.Start == new DateTime(2026, 11, 27, 9, 0, 0));
        Assert.Equal((1, 0, 1), (nine.SignIns, nine.Failures, nine.PasswordRequired));
        Assert.Empty(chart.TopFailureCauses);
    }

    [Fact]
    public async Task Without_a_time_filter_the_last_30_days_are_counted_per_day()
    {
        await AddAsync(
            new AuditEvent(_clock.GetUtcNow().UtcDateTime.AddDays(-3), AuditEventType.LoginSucceeded, "a"),
            new AuditEvent(_clock.GetUtcNow().UtcDateTime.AddDays(-40), AuditEventType.LoginSucceeded, "old"));

        var chart = await ChartAsync(new AuditFilter(), TimeZoneInfo.Utc);

        Assert.False(chart.Hourly);
        Assert.Equal(31, chart.Buckets.Count); // two partial days at the ends
        Assert.Equal(1, chart.Buckets.Sum(b => b.SignIns));
    }

    [Theory]
    [InlineData(72, true)]
    [InlineData(73, false)]
    public async Task Ranges_of_three_days_or_less_are_counted_per_hour(int hours, bool hourly)
    {
        var from = new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);

        var chart = await ChartAsync(new AuditFilter(FromUtc: from, ToUtc: from.AddHours(hours)), TimeZoneInfo.Utc);

        Assert.Equal(hourly, chart.Hourly);
        Assert.Equal(hourly ? hours : 4, chart.Buckets.Count);
    }

    [Fact]
    public async Task An_event_counts_in_the_hour_and_on_the_day_it_happened_from_the_hours_first_tick_to_its_last()
    {
        var elevenPm = new DateTime(2026, 11, 26, 23, 0, 0, DateTimeKind.Utc);
        await AddAsync(
            new AuditEvent(elevenPm.AddTicks(-1), AuditEventType.LoginSucceeded, "a"),
            new AuditEvent(elevenPm, AuditEventType.LoginSucceeded, "b"),
            new AuditEvent(elevenPm.AddHours(1).AddTicks(-1), AuditEventType.LoginSucceeded, "c"),
            new AuditEvent(elevenPm.AddHours(1), AuditEventType.LoginFailed, code: "INVALID_TICKET"));

        var chart = await ChartAsync(new AuditFilter(FromUtc: elevenPm.AddHours(-1), ToUtc: elevenPm.AddHours(2)), TimeZoneInfo.Utc);

        Assert.Equal(
            [(elevenPm.AddHours(-1), 1, 0), (elevenPm, 2, 0), (elevenPm.AddHours(1), 0, 1)],
            chart.Buckets.Select(b => (b.Start, b.SignIns, b.Failures)));
    }

    [Fact]
    public async Task A_failure_cause_keeps_its_event_type_so_a_failure_without_code_can_still_be_filtered()
    {
        var at = _clock.GetUtcNow().UtcDateTime.AddHours(-1);
        await AddAsync(
            new AuditEvent(at, AuditEventType.AccessDenied, "bob", detail: "Denied /admin/audit"),
            new AuditEvent(at, AuditEventType.LoginFailed, code: "INVALID_TICKET"));

        var chart = await ChartAsync(new AuditFilter(), TimeZoneInfo.Utc);

        Assert.Contains(new FailureCause(AuditEventType.AccessDenied, null, 1), chart.TopFailureCauses);
        Assert.Contains(new FailureCause(AuditEventType.LoginFailed, "INVALID_TICKET", 1), chart.TopFailureCauses);
    }

    private async Task AddAsync(params AuditEvent[] events)
    {
        await using var db = _database.NewContext();
        db.AuditEvents.AddRange(events);
        await db.SaveChangesAsync();
    }

    private async Task<AuditChart> ChartAsync(AuditFilter filter, TimeZoneInfo zone)
    {
        await using var db = _database.NewContext();
        return await new GetAuditChartHandler(db, _clock).Handle(new GetAuditChartQuery(filter, zone), default);
    }
}
