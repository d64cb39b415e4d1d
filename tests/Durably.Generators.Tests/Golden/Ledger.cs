using System;
using System.Collections.Generic;
using Durably;

namespace Sample.Banking;

[DurableState]
public partial class Ledger
{
    private readonly Dictionary<string, decimal> _balances = new();
    private long _transfers;

    /// <summary>Adds <paramref name="amount"/> to <paramref name="account"/>; refuses a non-positive amount.</summary>
    /// <param name="account">The account's name.</param>
    /// <param name="amount">What to add.</param>
    [Operation]
    private void Deposit(string account, decimal amount)
    {
        if (amount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amount));
        }

        _balances[account] = _balances.GetValueOrDefault(account) + amount;
    }

    [Operation]
    private bool Transfer(string from, string to, decimal amount)
    {
        if (_balances.GetValueOrDefault(from) < amount)
        {
            return false;
        }

        _balances[from] -= amount;
        _balances[to] = _balances.GetValueOrDefault(to) + amount;
        _transfers++;
        return true;
    }

    /// <summary>The balance of <paramref name="account"/>, zero for an account never seen.</summary>
    /// <param name="account">The account's name.</param>
    /// <returns>The balance.</returns>
    [Query]
    private decimal BalanceOfCore(string account) => _balances.GetValueOrDefault(account);

    [Query]
    private long TransferCountCore => _transfers;
}
