using System;
using System.Collections.Generic;
using Durably;

namespace Sample.Accounts
{
    public enum Currency
    {
        Euro,
        Dollar,
    }

    public sealed record Money(Currency Currency, decimal Amount);

    /// <summary>Recursive: every link takes one nesting level when written and read.</summary>
    public sealed record Note(string Text, Note? Previous);

    [DurableState]
    public partial class Wallet
    {
        private readonly Dictionary<string, Money> _balances = new();
        private readonly List<Money> _history = new();
        private Note? _notes;

        [Operation]
        private void Credit(string account, Money amount, List<Money> parts)
        {
            _balances[account] = amount;
            _history.AddRange(parts);
        }

        [Operation]
        private void Annotate(Note note) => _notes = note;
    }

    [DurableState]
    public partial class Budget
    {
        private readonly Dictionary<string, Money> _limits = new();
        private readonly Dictionary<Guid, Plan> _plans = new();

        [Operation]
        private void Limit(string category, Money limit, List<Money> steps) => _limits[category] = limit;

        [Operation]
        private void Add(Guid id, Plan plan) => _plans[id] = plan;

        // Only Budget can name Plan and Kind: their formatters, and the compositions built from them,
        // stay in Budget's generated file; Plan's formatter still takes Money from the shared cache.
        private sealed class Plan
        {
            public Money? Target { get; set; }

            public Kind Kind { get; set; }

            public List<Plan> Children { get; set; } = new();
        }

        private enum Kind
        {
            Saving,
            Spending,
        }
    }
}

namespace Sample.Other
{
    // Same simple name as Sample.Accounts.Money: the shared cache tells them apart by namespace.
    public readonly record struct Money(long Cents);

    [DurableState]
    internal partial class PettyCash
    {
        private Sample.Other.Money _cash;
        private readonly Dictionary<string, Sample.Accounts.Money> _byAccount = new();

        [Operation]
        private void Set(Sample.Other.Money cash, Sample.Accounts.Money reference) => _cash = cash;
    }
}
