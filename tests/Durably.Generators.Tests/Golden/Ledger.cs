using System;
using System.Collections.Generic;
using Durably;

namespace Sample.Banking;

[DurableState]
public partial class Ledger
{
    private readonly Dictionary<string, decimal> _balances = new();
    private long _transfers;

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

    public decimal BalanceOf(string account) => _balances.GetValueOrDefault(account);
}
