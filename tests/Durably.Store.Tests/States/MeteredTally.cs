namespace Durably.Store.Tests.States;

/// <summary>A tally used only by the metrics and logging tests, so their measurements can be told apart by its type tag.</summary>
[DurableState]
public partial class MeteredTally
{
    private long _total;

    [Query]
    private long TotalCore => _total;

    [Operation]
    private long Add(long amount)
    {
        _total += amount;
        return _total;
    }
}
