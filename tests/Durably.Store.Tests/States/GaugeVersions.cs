namespace Durably.Store.Tests.States;

/// <summary>Version 1 of a gauge: the snapshot tests open its log with later versions whose field types changed.</summary>
[DurableState]
public partial class GaugeV1
{
    private double _reading;
    private int _samples;

    [Query]
    private double ReadingCore => _reading;

    [Query]
    private int SamplesCore => _samples;

    [Operation]
    private void Record(double reading)
    {
        _reading = reading;
        _samples++;
    }
}

/// <summary>Version 2: <c>_reading</c> narrowed from double to float (1e300 would read as infinity).</summary>
[DurableState]
public partial class GaugeV2
{
    private float _reading;
    private int _samples;

    [Query]
    private float ReadingCore => _reading;

    [Query]
    private int SamplesCore => _samples;

    [Operation]
    private void Record(double reading)
    {
        _reading = (float)reading;
        _samples++;
    }
}

/// <summary>Version 3: compatible widenings only, <c>_reading</c> to double? and <c>_samples</c> to long.</summary>
[DurableState]
public partial class GaugeV3
{
    private double? _reading;
    private long _samples;

    [Query]
    private double? ReadingCore => _reading;

    [Query]
    private long SamplesCore => _samples;

    [Operation]
    private void Record(double reading)
    {
        _reading = reading;
        _samples++;
    }
}
