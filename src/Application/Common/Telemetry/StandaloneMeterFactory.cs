using System.Diagnostics.Metrics;

namespace CasPortal.Application.Common.Telemetry;

/// <summary>
/// Meters for a container without the host's meter factory (a tool or a test building the services by hand). The
/// web host registers its own, which the exporters listen to.
/// </summary>
public sealed class StandaloneMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public bool Owns(Meter meter)
    {
        lock (_meters)
        {
            return _meters.Contains(meter);
        }
    }

    public void Dispose()
    {
        lock (_meters)
        {
            _meters.ForEach(meter => meter.Dispose());
            _meters.Clear();
        }
    }
}
