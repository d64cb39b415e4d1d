using System.Collections.Immutable;

namespace Durably.Store.Tests.States;

/// <summary>Version 1 of a tally: the snapshot tests open its log with later versions of the class.</summary>
[DurableState]
public partial class TallyV1
{
    private long _count;
    private string _label = "new";
    private int _retired;

    [Query]
    private long CountCore => _count;

    [Query]
    private string LabelCore => _label;

    [Query]
    private int RetiredCore => _retired;

    [Operation]
    private void Add(long amount) => _count += amount;

    [Operation]
    private void Rename(string label) => _label = label;

    [Operation]
    private void Retire() => _retired++;
}

/// <summary>
/// Version 2: <c>_retired</c> and the <c>Retire</c> operation removed, <c>_notes</c> added with an
/// initializer, the other fields reordered.
/// </summary>
[DurableState]
public partial class TallyV2
{
    private readonly List<string> _notes = ["created"];
    private string _label = "new";
    private long _count;

    [Query]
    private long CountCore => _count;

    [Query]
    private string LabelCore => _label;

    [Query]
    private ImmutableArray<string> NotesCore() => [.. _notes];

    [Operation]
    private void Add(long amount) => _count += amount;

    [Operation]
    private void Rename(string label) => _label = label;

    [Operation]
    private void Note(string note) => _notes.Add(note);
}

/// <summary>Version 3: <c>_label</c> changed from a string to a number, incompatibly.</summary>
[DurableState]
public partial class TallyV3
{
    private long _count;
    private int _label;

    [Query]
    private long CountCore => _count;

    [Query]
    private int LabelCore => _label;

    [Operation]
    private void Add(long amount) => _count += amount;
}
