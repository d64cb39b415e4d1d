using System.Collections.Generic;
using Durably;

namespace Sample.Settings;

public enum Level : short
{
    Low = -1,
    Normal = 0,
    High = 7,
}

[DurableState]
public sealed partial class Settings
{
    private readonly HashSet<string> _audit = new();
    private Dictionary<string, string?> _values = new();

    private Settings()
    {
    }

    [Query]
    private int CountCore => _values.Count;

    [Operation("settings.set/v1")]
    private void Set(string key, string? value, Level level = Level.High, string note = "none", decimal weight = 1.5m, double ratio = 0.25, char marker = '\n', long cancellationToken = -3, byte small = 200)
    {
        _values[key] = value;
    }

    [Operation("settings.remove")]
    private bool Remove(string @class, bool? force = null, string? reason = null) => _values.Remove(@class);

    [Operation]
    private int Clear()
    {
        int count = _values.Count;
        _values.Clear();
        return count;
    }
}
