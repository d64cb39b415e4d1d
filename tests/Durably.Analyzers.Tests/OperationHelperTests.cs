using Durably.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Durably.Analyzers.Tests;

/// <summary>Private helpers that run only on behalf of operations may change state; the rest are reported with the call path.</summary>
public sealed class OperationHelperTests
{
    [Fact]
    public Task Private_helpers_called_only_from_operations_may_mutate_transitively() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Ledger
            {
                private readonly Dictionary<string, decimal> _balances = new();

                [Operation]
                private void Transfer(string from, string to, decimal amount) { Debit(from, amount); Credit(to, amount); }

                private void Debit(string account, decimal amount) => Adjust(account, -amount);
                private void Credit(string account, decimal amount) => Adjust(account, amount);
                private void Adjust(string account, decimal delta) => _balances[account] = _balances.GetValueOrDefault(account) + delta;

                private void Recursive(int depth) { if (depth > 0) { _balances.Clear(); Recursive(depth - 1); } }

                [Operation]
                private void Reset() => Recursive(2);
            }
            """);

    [Fact]
    public Task A_helper_also_called_from_a_public_method_is_reported_with_the_call_path() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Ledger
            {
                private readonly Dictionary<string, decimal> _balances = new();

                [Operation]
                private void Deposit(string account, decimal amount) => Credit(account, amount);

                private void Credit(string account, decimal amount) => Apply(account, amount);
                private void Apply(string account, decimal amount) => {|DS0002:_balances[account]|} = amount;

                public void Audit() => Credit("audit", 0);
            }
            """);

    [Fact]
    public async Task The_message_names_the_offending_call_path()
    {
        var diagnostics = await AnalyzerVerifier.GetDiagnosticsAsync(
            [("Test0.cs", """
                [DurableState]
                public partial class Ledger
                {
                    private decimal _total;

                    [Operation]
                    private void Deposit(decimal amount) => Credit(amount);

                    private void Credit(decimal amount) => Apply(amount);
                    private void Apply(decimal amount) => _total += amount;

                    public void Audit() => Credit(0);
                }
                """)],
            AnalyzerVerifier.AnalyzerOptionsWith());
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal("DS0001", diagnostic.Id);
        Assert.Equal(
            "'_total' is durable state of 'Ledger' and is changed here without a log record: the call path 'Ledger.Audit() → Ledger.Credit() → Ledger.Apply()' starts in 'Ledger.Audit()', which is not an operation",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task Helpers_used_as_delegates_non_private_or_never_called_are_reported() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Ledger
            {
                private decimal _total;
                private readonly List<decimal> _history = new();

                [Operation]
                private void DepositAll(decimal[] amounts) { Array.ForEach(amounts, Record); Add(1); }

                private void Record(decimal amount) => {|DS0002:_history.Add(amount)|};
                internal void Add(decimal amount) => {|DS0001:_total|} += amount;
                private void Unused() => {|DS0001:_total|} = 0;
                private void CycleA() { {|DS0001:_total|}++; CycleB(); }
                private void CycleB() => CycleA();
            }
            """);

    [Fact]
    public Task Helpers_called_on_another_instance_are_reported() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Ledger
            {
                private decimal _total;

                [Operation]
                private void Merge(Ledger other) { Add(1); other.Add(other._total); }

                private void Add(decimal amount) => {|DS0001:_total|} += amount;
            }
            """);

    [Fact]
    public Task Helpers_called_from_constructors_and_operations_may_mutate() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Ledger
            {
                private readonly List<string> _accounts = new();

                public Ledger() => Reset();

                [Operation]
                private void Clear() => Reset();

                private void Reset() { _accounts.Clear(); _accounts.Add("cash"); }
            }
            """);

    [Fact]
    public Task A_helper_called_from_a_nested_type_is_not_operation_only() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Ledger
            {
                private decimal _total;

                [Operation]
                private void Deposit(decimal amount) => Add(amount);

                private void Add(decimal amount) => {|DS0001:_total|} += amount;

                private sealed class Backdoor
                {
                    public void Open(Ledger ledger) => ledger.Add(1);
                }
            }
            """);
}
