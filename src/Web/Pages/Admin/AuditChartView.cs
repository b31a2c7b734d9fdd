using System.Globalization;
using CasPortal.Application.Audit.GetAuditChart;

namespace CasPortal.Web.Pages.Admin;

/// <summary>
/// The audit chart as it is drawn: a y axis with round ticks, a few date or hour labels, and for each bar and each
/// failure cause the audit view it links to. Links instead of script keep the chart usable under the strict CSP.
/// </summary>
/// <param name="RangeLink">The audit view of one bucket: its start and end in the viewer's time zone.</param>
/// <param name="CauseLink">The audit view of one failure cause.</param>
public sealed record AuditChartView(
    AuditChart Chart,
    Func<DateTime, DateTime, string> RangeLink,
    Func<FailureCause, string> CauseLink)
{
    /// <summary>About this many labels fit under the chart without overlapping.</summary>
    private const int MaxLabels = 6;

    public bool IsEmpty => Chart.Buckets.All(b => b.SignIns == 0 && b.Failures == 0 && b.PasswordRequired == 0);

    public TimeSpan Step => Chart.Hourly ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);

    public string BucketName => Chart.Hourly ? "hour" : "day";

    /// <summary>The y axis: from zero to a round number at or above the highest bar, in round steps.</summary>
    public IReadOnlyList<int> Ticks => NiceTicks(Chart.Buckets.Count == 0 ? 0 : Chart.Buckets.Max(b => Math.Max(Math.Max(b.SignIns, b.Failures), b.PasswordRequired)));

    public string Label(DateTime start) =>
        start.ToString(Chart.Hourly ? "MMM d HH:00" : "MMM d", CultureInfo.InvariantCulture);

    public string FullLabel(DateTime start) =>
        start.ToString(Chart.Hourly ? "yyyy-MM-dd HH:00" : "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Whether the bucket at this position gets a label under the axis: evenly spaced, the first always.</summary>
    public bool IsLabelled(int index) => index % Math.Max(1, (int)Math.Ceiling(Chart.Buckets.Count / (double)MaxLabels)) == 0;

    /// <summary>0, then steps of 1, 2 or 5 times a power of ten, up to the first tick at or above <paramref name="max"/>; at most six ticks.</summary>
    public static IReadOnlyList<int> NiceTicks(int max)
    {
        if (max <= 0)
        {
            return [0, 1];
        }

        var rough = max / 4.0;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= rough);
        var whole = Math.Max(1, (int)Math.Ceiling(step));
        var top = (int)Math.Ceiling(max / (double)whole) * whole;
        return Enumerable.Range(0, top / whole + 1).Select(i => i * whole).ToList();
    }
}
