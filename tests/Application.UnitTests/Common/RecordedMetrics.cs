using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CasPortal.Application.Common.Telemetry;

namespace CasPortal.Application.UnitTests.Common;

/// <summary>A <see cref="PortalMetrics"/> of its own, with every measurement it makes kept for the test to read.</summary>
public sealed class RecordedMetrics : IDisposable
{
    private readonly StandaloneMeterFactory _meters = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();

    public RecordedMetrics()
    {
        Metrics = new PortalMetrics(_meters);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Only this instance's meter: tests running beside this one record on meters of the same name.
            if (_meters.Owns(instrument.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _listener.Start();
    }

    public PortalMetrics Metrics { get; }

    /// <summary>The sum of everything recorded on <paramref name="instrument"/>, optionally only with one tag value.</summary>
    public double Total(string instrument, string? tag = null, object? value = null) =>
        _measurements
            .Where(m => m.Instrument == instrument && (tag is null || (m.Tags.TryGetValue(tag, out var v) && Equals(v, value))))
            .Sum(m => m.Value);

    public void Dispose()
    {
        _listener.Dispose();
        _meters.Dispose();
    }

    private void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Enqueue((instrument.Name, value, new Dictionary<string, object?>(tags.ToArray())));
}
