namespace Durably.Store.Tests.States;

/// <summary>
/// Money moves between accounts but never appears or disappears; a read that saw an apply half
/// done would see the total change.
/// </summary>
[DurableState]
public partial class Accounts
{
    private readonly Dictionary<int, long> _balances = [];

    /// <summary>Another store an operation may try to call (to show that it is refused).</summary>
    public static Counter? Neighbour { get; set; }

    public long Total => _balances.Values.Sum();

    public long BalanceOf(int account) => _balances.GetValueOrDefault(account);

    [Operation]
    private void Seed(int accounts, long balance)
    {
        for (int i = 0; i < accounts; i++)
        {
            _balances[i] = balance;
        }
    }

    [Operation]
    private bool Move(int from, int to, long amount)
    {
        if (_balances.GetValueOrDefault(from) < amount)
        {
            return false;
        }

        // Two steps, with a window between them that only a lock-free reader could observe.
        _balances[from] -= amount;
        Thread.SpinWait(50);
        _balances[to] += amount;
        return true;
    }

    [Operation]
    private void CallNeighbour()
    {
        _balances[-1] = 0;
        _ = Neighbour!.NextAsync(0).AsTask();
    }
}
