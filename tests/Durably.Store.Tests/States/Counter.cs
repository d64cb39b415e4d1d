using System.Collections.Concurrent;

namespace Durably.Store.Tests.States;

/// <summary>A counter whose operations report the thread they were applied on (outside the state).</summary>
[DurableState]
public partial class Counter
{
    private long _value;
    private readonly List<int> _writers = [];

    /// <summary>Threads that ran an apply, by the counter value they produced (test instrumentation, not state).</summary>
    public static ConcurrentDictionary<long, int> ApplyThreads { get; } = new();

    public long Value => _value;

    public IReadOnlyList<int> Writers => _writers;

    [Operation]
    private long Next(int writer)
    {
        _value++;
        _writers.Add(writer);
        ApplyThreads[_value] = Environment.CurrentManagedThreadId;
        return _value;
    }
}
