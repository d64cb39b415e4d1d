using Durably.Analyzers.Tests.Infrastructure;

namespace Durably.Analyzers.Tests;

/// <summary>DS0003: operations called (or made into delegates) where nothing logs them.</summary>
public sealed class DirectOperationCallTests
{
    [Fact]
    public Task Operations_may_call_operations_but_other_members_may_not() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Ledger
            {
                private decimal _total;

                [Operation]
                private void Deposit(decimal amount) => _total += amount;

                [Operation]
                private void DepositTwice(decimal amount) { Deposit(amount); this.Deposit(amount); }

                public void Sneak() => {|DS0003:Deposit(5)|};
                public decimal Total => {|DS0012:_total|};
            }
            """);

    [Fact]
    public Task Operations_as_delegates_and_on_other_instances_are_reported_but_nameof_is_not() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Ledger
            {
                private decimal _total;

                [Operation]
                private void Deposit(decimal amount) => _total += amount;

                [Operation]
                private void Mirror(Ledger other, decimal amount) { Deposit(amount); {|DS0003:other.Deposit(amount)|}; }

                public Action<decimal> Leak() => {|DS0003:Deposit|};
                public string Name => nameof(Deposit);
            }
            """);

    [Fact]
    public Task Constructors_may_call_operations_during_construction() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Ledger
            {
                private decimal _total;

                public Ledger() => Deposit(0);

                [Operation]
                private void Deposit(decimal amount) => _total += amount;
            }
            """);

    [Fact]
    public Task A_public_operation_called_from_another_class_is_reported_twice_over() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Ledger
            {
                private decimal _total;

                [Operation]
                public void {|DS0006:Deposit|}(decimal amount) => _total += amount;
            }

            public static class Teller
            {
                public static void Pay(Ledger ledger) => {|DS0003:ledger.Deposit(1)|};
            }
            """);
}
