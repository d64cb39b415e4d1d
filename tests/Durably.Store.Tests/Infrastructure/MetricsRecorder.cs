using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Durably.Store.Tests.Infrastructure;

/// <summary>
/// Listens to the <c>Durably</c> meter as an exporter would (<see cref="MeterListener"/>) and keeps the
/// measurements tagged with one state type.
/// </summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _stateType;

    internal MetricsRecorder(string stateType)
    {
        _stateType = stateType;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Durably")
            {
                Instruments[instrument.Name] = instrument;
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Keep(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Keep(i, value, tags));
        _listener.Start();
    }

    internal ConcurrentDictionary<string, Instrument> Instruments { get; } = new();

    private ConcurrentQueue<(string Name, double Value)> Measurements { get; } = new();

    internal double[] Values(string name) => [.. Measurements.Where(m => m.Name == name).Select(m => m.Value)];

    internal double Sum(string name) => Values(name).Sum();

    public void Dispose() => _listener.Dispose();

    private void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            if (tag.Key == "durably.state.type" && (string?)tag.Value == _stateType)
            {
                Measurements.Enqueue((instrument.Name, value));
            }
        }
    }
}
