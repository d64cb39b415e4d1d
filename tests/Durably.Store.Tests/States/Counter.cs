using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Durably.Store.Tests.States;

/// <summary>A counter whose operations report the thread they were applied on (outside the state).</summary>
[DurableState]
public partial class Counter
{
    private long _value;
    private readonly List<int> _writers = [];

    /// <summary>The names of the threads that ran an apply, by the counter value they produced (test instrumentation, not state).</summary>
    /// <remarks>
    /// The analyzers rightly call this durable state that escapes (DS0009) and the thread id a
    /// nondeterministic read in an operation (DS0004), and reading it an unsynchronized read (DS0012):
    /// it is deliberate, so the tests can see which thread applied, it is a concurrent dictionary, and
    /// it never feeds back into the state.
    /// </remarks>
#pragma warning disable DS0009, DS0012
    public static ConcurrentDictionary<long, string?> ApplyThreads { get; } = new();
#pragma warning restore DS0009, DS0012

    [Query]
    private long ValueCore => _value;

    [Query]
    private ImmutableArray<int> WritersCore => [.. _writers];

    [Operation]
    private long Next(int writer)
    {
        _value++;
        _writers.Add(writer);
#pragma warning disable DS0004
        ApplyThreads[_value] = Thread.CurrentThread.Name;
#pragma warning restore DS0004
        return _value;
    }
}
