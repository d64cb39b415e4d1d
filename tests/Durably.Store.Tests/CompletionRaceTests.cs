using System.Collections.Immutable;
using Durably.Store.Tests.Infrastructure;
using Durably.Store.Tests.States;

namespace Durably.Store.Tests;

/// <summary>
/// An operation's completion is pooled and reused, so it must not be handed to the next call
/// while the apply thread is still completing it. Callers here take results as fast as the store
/// produces them (simulated disks, no latency), some awaiting and some polling <c>IsCompleted</c>
/// and taking the result at once; each must get exactly its own result. A completion recycled too
/// early shows as a repeated or missing value, an exception from the completion itself, or a
/// continuation run with another caller's state (which kills the process).
/// </summary>
public sealed class CompletionRaceTests
{
    private const int Callers = 6;
    private const int CallsPerCaller = 4_000;

    [Fact]
    public async Task Every_caller_gets_its_own_result_whether_it_awaits_or_polls()
    {
        var machine = new SimulatedMachine(seed: 11);
        await using Counter counter = await Counter.OpenAsync(machine.Options());
        long[][] results = await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            var mine = new long[CallsPerCaller];
            for (int i = 0; i < CallsPerCaller; i++)
            {
                ValueTask<long> next = counter.NextAsync(caller);
                if (caller % 2 == 0)
                {
                    mine[i] = await next;
                    continue;
                }

                var spin = default(SpinWait);
                while (!next.IsCompleted)
                {
                    spin.SpinOnce();
                }

                mine[i] = next.Result;
            }

            return mine;
        })));

        Assert.Equal(Enumerable.Range(1, Callers * CallsPerCaller).Select(i => (long)i), results.SelectMany(r => r).Order());
        ImmutableArray<int> writers = counter.Read(c => c.Writers);
        for (int caller = 0; caller < Callers; caller++)
        {
            Assert.All(results[caller], value => Assert.Equal(caller, writers[(int)value - 1]));
        }
    }
}
