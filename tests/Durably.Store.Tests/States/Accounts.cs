using System.Collections.Immutable;

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
    /// <remarks>Test wiring set once before the store opens, not state; a static durable member, so DS0012 is silenced here.</remarks>
#pragma warning disable DS0012
    public static Counter? Neighbour { get; set; }
#pragma warning restore DS0012

    [Query]
    private long TotalCore => _balances.Values.Sum();

    [Query]
    private long BalanceOfCore(int account) => _balances.GetValueOrDefault(account);

    /// <summary>Every balance, by account number (an immutable copy taken under the read lock).</summary>
    [Query]
    private ImmutableArray<long> BalancesCore() => [.. _balances.OrderBy(pair => pair.Key).Select(pair => pair.Value)];

    /// <summary>A move that checks the balance through the generated query, inside the apply (and on replay).</summary>
    [Operation]
    private bool MoveIfCovered(int from, int to, long amount)
    {
        if (BalanceOf(from) < amount)
        {
            return false;
        }

        _balances[from] -= amount;
        _balances[to] = BalanceOf(to) + amount;
        return true;
    }

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
