namespace Durably.Tool.Tests;

/// <summary>A real durable state, generated as a user's would be, for the tool to read the logs and snapshots of.</summary>
[DurableState]
public sealed partial class Accounts
{
    private readonly Dictionary<string, long> _balances = [];

    [Operation]
    private void Deposit(string account, long amount) =>
        _balances[account] = _balances.GetValueOrDefault(account) + amount;

    [Query]
    private long BalanceCore(string account) => _balances.GetValueOrDefault(account);
}
