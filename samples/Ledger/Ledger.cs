using System.Collections.Immutable;
using Durably;

namespace LedgerSample;

/// <summary>
/// A bank ledger: account balances and the set of applied transfer ids. Every change is an
/// operation, logged durably in two copies before it is applied; reopening replays the log.
/// </summary>
[DurableState]
public sealed partial class Ledger
{
    private readonly Dictionary<string, decimal> _balances = [];
    private readonly HashSet<string> _appliedTransfers = [];

    // Reads are queries: the generator emits the public member without "Core" (AccountCount,
    // Total, ...), which runs the body under the store's read lock, so a read never sees a transfer
    // half applied and never races the apply thread. Results are values or immutable copies.

    /// <summary>How many accounts exist.</summary>
    [Query]
    private int AccountCountCore => _balances.Count;

    /// <summary>The sum of all balances: transfers move money, so only deposits change it.</summary>
    [Query]
    private decimal TotalCore => _balances.Values.Sum();

    /// <summary>How many transfers were applied.</summary>
    [Query]
    private int TransferCountCore => _appliedTransfers.Count;

    /// <summary>The account names, in creation order (an immutable copy).</summary>
    /// <returns>The names.</returns>
    [Query]
    private ImmutableArray<string> AccountNamesCore() => [.. _balances.Keys];

    /// <summary>The ids of the applied transfers (an immutable copy).</summary>
    /// <returns>The ids.</returns>
    [Query]
    private ImmutableArray<string> AppliedTransferIdsCore() => [.. _appliedTransfers];

    /// <summary>The balance of an account (0 for an unknown one).</summary>
    /// <param name="account">The account's name.</param>
    /// <returns>The balance.</returns>
    [Query]
    private decimal BalanceOfCore(string account) => _balances.GetValueOrDefault(account);

    /// <summary>
    /// Creates the whole ledger in one operation: <paramref name="accounts"/> accounts a0..a{n-1},
    /// each holding <paramref name="balance"/>. One record, so a crash leaves all of them or none.
    /// </summary>
    [Operation("init")]
    private void Init(int accounts, decimal balance)
    {
        // Rejected before anything changes.
        if (_balances.Count > 0)
        {
            throw new InvalidOperationException($"The ledger already holds {_balances.Count} account(s).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(accounts, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(balance);
        for (int i = 0; i < accounts; i++)
        {
            _balances.Add("a" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), balance);
        }
    }

    [Operation("open-account")]
    private void OpenAccount(string account, decimal initialDeposit)
    {
        // Rejected before anything changes: a refused operation leaves no trace in the state.
        if (_balances.ContainsKey(account))
        {
            throw new InvalidOperationException($"Account {account} already exists.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(initialDeposit);
        _balances.Add(account, initialDeposit);
    }

    [Operation("transfer")]
    private TransferOutcome Transfer(string id, string from, string to, decimal amount)
    {
        if (_appliedTransfers.Contains(id))
        {
            return TransferOutcome.DuplicateId;
        }

        if (amount <= 0 || from == to || !_balances.TryGetValue(from, out decimal available) || !_balances.ContainsKey(to))
        {
            return TransferOutcome.Invalid;
        }

        if (available < amount)
        {
            return TransferOutcome.InsufficientFunds;
        }

        _balances[from] = available - amount;
        _balances[to] += amount;
        _appliedTransfers.Add(id);
        return TransferOutcome.Applied;
    }
}
