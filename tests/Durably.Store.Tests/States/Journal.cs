using System.Collections.Immutable;

namespace Durably.Store.Tests.States;

/// <summary>An append-only journal: each entry records which writer appended it, in apply order.</summary>
[DurableState]
public partial class Journal
{
    private readonly List<int> _writers = [];
    private readonly List<string> _notes = [];

    [Query]
    private int CountCore => _writers.Count;

    [Query]
    private ImmutableArray<int> WritersCore => [.. _writers];

    [Query]
    private ImmutableArray<string> NotesCore => [.. _notes];

    /// <summary>Appends an entry; returns its position (1-based), which equals its sequence number.</summary>
    [Operation]
    private long Append(int writer)
    {
        _writers.Add(writer);
        return _writers.Count;
    }

    [Operation]
    private int Note(string text)
    {
        _notes.Add(text);
        return _notes.Count;
    }
}
