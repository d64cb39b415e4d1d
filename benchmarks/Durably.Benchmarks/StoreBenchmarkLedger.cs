namespace Durably.Benchmarks;

/// <summary>The ledger the store benchmark drives through its generated API (the Ledger sample's operations).</summary>
[DurableState]
public sealed partial class StoreBenchmarkLedger
{
    private readonly Dictionary<string, decimal> _balances = [];
    private readonly HashSet<string> _appliedTransfers = [];

    /// <summary>The sum of all balances.</summary>
    [Query]
    private decimal TotalCore => _balances.Values.Sum();

    /// <summary>The balance of an account (0 for an unknown one).</summary>
    /// <param name="account">The account's name.</param>
    /// <returns>The balance.</returns>
    [Query]
    private decimal BalanceOfCore(string account) => _balances.GetValueOrDefault(account);

    [Operation("open-account")]
    private void OpenAccount(string account, decimal initialDeposit)
    {
        if (!_balances.TryAdd(account, initialDeposit))
        {
            throw new InvalidOperationException($"Account {account} already exists.");
        }
    }

    [Operation("transfer")]
    private bool Transfer(string id, string from, string to, decimal amount)
    {
        if (_appliedTransfers.Contains(id) || !_balances.TryGetValue(from, out decimal available) || available < amount || !_balances.ContainsKey(to))
        {
            return false;
        }

        _balances[from] = available - amount;
        _balances[to] += amount;
        _appliedTransfers.Add(id);
        return true;
    }
}
