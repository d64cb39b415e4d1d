using Durably.Analyzers.Tests.Infrastructure;

namespace Durably.Analyzers.Tests;

/// <summary>DS0005..DS0008 and DS0011: the declarations the generator needs.</summary>
public sealed class DurableShapeTests
{
    [Fact]
    public Task A_durable_class_that_is_not_partial_is_reported() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public class {|DS0005:Ledger|}
            {
                private decimal _total;

                [Operation]
                private void Add(decimal amount) => _total += amount;
            }

            [DurableState]
            public partial class Fine { }

            public class NotDurable { }
            """);

    [Fact]
    public Task Operations_that_are_not_private_are_reported_with_their_accessibility() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Ledger
            {
                private decimal _total;

                [Operation] public void {|DS0006:A|}() => _total++;
                [Operation] internal void {|DS0006:B|}() => _total++;
                [Operation] protected void {|DS0006:C|}() => _total++;
                [Operation] protected internal void {|DS0006:D|}() => _total++;
                [Operation] private protected void {|DS0006:E|}() => _total++;
                [Operation] private void F() => _total++;
                [Operation] void G() => _total++;
            }
            """);

    [Fact]
    public Task Static_operations_are_reported() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Ledger
            {
                private static int s_count;

                [Operation] private static void {|DS0007:Bump|}() => s_count++;
            }
            """);

    [Fact]
    public Task Async_and_task_returning_operations_are_reported() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Ledger
            {
                private int _count;

                [Operation] private async void {|DS0008:A|}() { {|DS0004:await {|DS0004:Task.Yield()|}|}; _count++; }
                [Operation] private Task {|DS0008:B|}() { _count++; return Task.CompletedTask; }
                [Operation] private ValueTask<int> {|DS0008:C|}() => new(_count++);
                [Operation] private async Task<int> {|DS0008:D|}() { {|DS0004:await {|DS0004:Task.Delay(1)|}|}; return _count++; }
                [Operation] private IAsyncEnumerable<int> {|DS0008:E|}() => throw new InvalidOperationException();
                [Operation] private int F() => _count++;
            }
            """);

    [Fact]
    public Task An_operation_outside_a_durable_class_is_reported() =>
        AnalyzerVerifier.VerifyAsync("""
            public class Plain
            {
                [Operation]
                private void {|DS0011:Apply|}() { }
            }
            """);

    [Fact]
    public Task Generic_operations_and_ref_parameters_are_left_to_the_generator() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Ledger
            {
                private int _count;

                [Operation] private void Generic<T>(T value) => _count++;
                [Operation] private void ByRef(ref int value) => _count += value;
            }
            """);
}
