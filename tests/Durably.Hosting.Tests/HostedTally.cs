namespace Durably.Hosting.Tests;

/// <summary>A small durable state registered through the hosting package.</summary>
[DurableState]
public partial class HostedTally
{
    private long _total;
    private int _notes;

    [Query]
    private long TotalCore => _total;

    [Query]
    private int NotesCore => _notes;

    [Operation]
    private long Add(long amount)
    {
        _total += amount;
        return _total;
    }

    [Operation]
    private void Note(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        _notes++;
    }
}
