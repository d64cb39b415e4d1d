using Durably.Analyzers.CodeFixes;
using Durably.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Durably.Analyzers.Tests;

/// <summary>The DS0012 fix: a public read becomes a private [Query] XxxCore, and the generator's Xxx takes the lock.</summary>
public sealed class MakeQueryCodeFixTests
{
    [Fact]
    public Task An_expression_bodied_method_becomes_a_private_query_and_keeps_its_docs() =>
        CodeFixVerifier.VerifyFixAsync(
            new MakeQueryCodeFix(),
            MakeQueryCodeFix.EquivalenceKey,
            ["""
            [DurableState]
            public partial class Ledger
            {
                private readonly Dictionary<string, decimal> _balances = new();

                /// <summary>The balance.</summary>
                public decimal BalanceOf(string account) => {|DS0012:_balances|}.GetValueOrDefault(account);

                [Operation]
                private void Deposit(string account, decimal amount) => _balances[account] = amount;
            }
            """],
            ["""
            [DurableState]
            public partial class Ledger
            {
                private readonly Dictionary<string, decimal> _balances = new();

                /// <summary>The balance.</summary>
                [Query]
                private decimal BalanceOfCore(string account) => _balances.GetValueOrDefault(account);

                [Operation]
                private void Deposit(string account, decimal amount) => _balances[account] = amount;
            }
            """]);

    [Fact]
    public Task A_property_with_a_getter_body_and_attributes_becomes_a_query_property() =>
        CodeFixVerifier.VerifyFixAsync(
            new MakeQueryCodeFix(),
            MakeQueryCodeFix.EquivalenceKey,
            ["""
            namespace Bank
            {
                [DurableState]
                public partial class Ledger
                {
                    private decimal _total;

                    [System.Diagnostics.CodeAnalysis.SuppressMessage("x", "y")]
                    internal decimal Total
                    {
                        get { return {|DS0012:_total|}; }
                    }

                    [Operation]
                    private void Add(decimal amount) => _total += amount;
                }
            }
            """],
            ["""
            namespace Bank
            {
                [DurableState]
                public partial class Ledger
                {
                    private decimal _total;

                    [Query]
                    [System.Diagnostics.CodeAnalysis.SuppressMessage("x", "y")]
                    private decimal TotalCore
                    {
                        get { return _total; }
                    }

                    [Operation]
                    private void Add(decimal amount) => _total += amount;
                }
            }
            """]);

    [Fact]
    public Task Fix_all_turns_every_public_read_into_a_query_across_partial_files() =>
        CodeFixVerifier.VerifyFixAllAsync(
            new MakeQueryCodeFix(),
            MakeQueryCodeFix.EquivalenceKey,
            FixAllScope.Solution,
            ["""
            [DurableState]
            public partial class Ledger
            {
                private readonly List<decimal> _amounts = new();

                public int Count => {|DS0012:_amounts|}.Count;

                [Operation]
                private void Add(decimal amount) => _amounts.Add(amount);
            }
            """,
            """
            public partial class Ledger
            {
                public decimal Largest() => {|DS0012:_amounts|}.Max();
            }
            """],
            ["""
            [DurableState]
            public partial class Ledger
            {
                private readonly List<decimal> _amounts = new();

                [Query]
                private int CountCore => _amounts.Count;

                [Operation]
                private void Add(decimal amount) => _amounts.Add(amount);
            }
            """,
            """
            public partial class Ledger
            {
                [Query]
                private decimal LargestCore() => _amounts.Max();
            }
            """]);

    [Fact]
    public Task No_fix_is_offered_where_the_result_could_not_be_a_query() =>
        CodeFixVerifier.VerifyFixAsync(
            new MakeQueryCodeFix(),
            MakeQueryCodeFix.EquivalenceKey,
            ["""
            [DurableState]
            public partial class Ledger
            {
                private readonly List<decimal> _amounts = new();
                private decimal _total;

                public IReadOnlyList<decimal> Amounts => {|DS0012:_amounts|};

                public override string ToString() => "total " + {|DS0012:_total|};

                [Operation]
                private void Add(decimal amount) { _amounts.Add(amount); _total += amount; }
            }
            """],
            ["""
            [DurableState]
            public partial class Ledger
            {
                private readonly List<decimal> _amounts = new();
                private decimal _total;

                public IReadOnlyList<decimal> Amounts => {|DS0012:_amounts|};

                public override string ToString() => "total " + {|DS0012:_total|};

                [Operation]
                private void Add(decimal amount) { _amounts.Add(amount); _total += amount; }
            }
            """]);
}
