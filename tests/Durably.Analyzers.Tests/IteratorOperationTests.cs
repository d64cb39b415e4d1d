using Durably.Analyzers.Tests.Infrastructure;

namespace Durably.Analyzers.Tests;

/// <summary>DS0014: an operation whose body would run lazily, while its result is enumerated.</summary>
public sealed class IteratorOperationTests
{
    [Fact]
    public Task Iterator_operations_are_reported_but_yield_in_a_lambda_or_local_function_is_not() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Counter
            {
                private int _n;

                [Operation]
                private IEnumerable<int> {|DS0014:Lazy|}()
                {
                    _n++;
                    yield return _n;
                }

                [Operation]
                private IEnumerator<int> {|DS0014:Steps|}() { yield break; }

                [Operation]
                private int Eager()
                {
                    _n++;
                    return Local().Sum();
                    IEnumerable<int> Local() { yield return 1; }
                }

                [Operation]
                private async IAsyncEnumerable<int> {|DS0008:Streamed|}()
                {
                    _n++;
                    {|DS0004:await {|DS0004:Task.Yield()|}|};
                    yield return _n;
                }
            }
            """);

    [Fact]
    public Task The_message_says_the_body_would_run_after_the_apply_and_never_on_replay() =>
        AnalyzerVerifierMessages.AssertSingleMessageAsync(
            """
            [DurableState]
            public partial class Counter
            {
                private int _n;

                [Operation]
                private IEnumerable<int> Lazy() { _n++; yield return _n; }
            }
            """,
            "DS0014",
            "Operation 'Lazy' is an iterator (yield)",
            "replay would never run it");
}
