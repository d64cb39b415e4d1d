namespace Durably.Store.Tests.States;

/// <summary>Version 1 of a tally: the snapshot tests open its log with later versions of the class.</summary>
[DurableState]
public partial class TallyV1
{
    private long _count;
    private string _label = "new";
    private int _retired;

    public long Count => _count;

    public string Label => _label;

    public int Retired => _retired;

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

    public long Count => _count;

    public string Label => _label;

    public string[] Notes() => [.. _notes];

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

    public long Count => _count;

    public int Label => _label;

    [Operation]
    private void Add(long amount) => _count += amount;
}
