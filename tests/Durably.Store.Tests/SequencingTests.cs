using System.Collections.Immutable;
using Durably.Store.Tests.Infrastructure;
using Durably.Store.Tests.States;

namespace Durably.Store.Tests;

/// <summary>
/// One writer: concurrent callers are sequenced by the log, applied one at a time in sequence
/// order by the store (never on a caller's thread), and each gets its own result; reads under the read lock never see an
/// apply half done; dispose waits for the operations in flight.
/// </summary>
public sealed class SequencingTests
{
    [Fact]
    public async Task Concurrent_callers_get_results_in_sequence_order_applied_by_the_store()
    {
        using var directory = new TemporaryDirectory();
        await using Counter counter = await Counter.OpenAsync(directory.Options());
        const int Writers = 32;
        const int PerWriter = 20;

        long[][] results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var mine = new long[PerWriter];
            for (int i = 0; i < PerWriter; i++)
            {
                mine[i] = await counter.NextAsync(writer);
            }

            return mine;
        })));

        // Every result is distinct and the values are exactly 1..N: one apply at a time.
        Assert.Equal(Enumerable.Range(1, Writers * PerWriter).Select(i => (long)i), results.SelectMany(r => r).Order());

        // A writer's later call is applied after its earlier one.
        Assert.All(results, r => Assert.True(r.Zip(r.Skip(1)).All(p => p.First < p.Second)));

        // The apply order is the writers' record of who called: sequence order equals apply order.
        ImmutableArray<int> writers = counter.Read(c => c.Writers);
        for (int writer = 0; writer < Writers; writer++)
        {
            long[] applied = [.. writers.Select((w, index) => (w, index)).Where(x => x.w == writer).Select(x => (long)x.index + 1)];
            Assert.Equal(results[writer], applied);
        }

        // Applied by the store's own threads (its apply thread, or the log thread that saw a small
        // commit become durable while nothing else waited), never on a caller's thread.
        long[] values = [.. results.SelectMany(r => r)];
        Assert.All(values, v => Assert.Contains(Counter.ApplyThreads[v], new[] { "Durably apply: Counter", "Durably log writer" }));
        Assert.Equal(Writers * PerWriter, counter.DurableStatus.LastAppliedSequence);
    }

    [Fact]
    public async Task Reads_under_the_read_lock_never_see_an_apply_half_done()
    {
        using var directory = new TemporaryDirectory();
        await using Accounts accounts = await Accounts.OpenAsync(directory.Options());
        await accounts.SeedAsync(8, 1000);

        using var stop = new CancellationTokenSource();
        long reads = 0;
        Task reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Assert.Equal(8000, accounts.Read(a => a.Total));
                reads++;
            }
        });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            for (int i = 0; i < 40; i++)
            {
                await accounts.MoveAsync(random.Next(8), random.Next(8), random.Next(1, 300));
            }
        })));
        await stop.CancelAsync();
        await reader;

        Assert.True(reads > 0);
        Assert.Equal(8000, accounts.Read(a => a.Total));
    }

    [Fact]
    public async Task Dispose_waits_for_the_operations_in_flight()
    {
        using var directory = new TemporaryDirectory();
        Counter counter = await Counter.OpenAsync(directory.Options());
        Task<long>[] pending = [.. Enumerable.Range(0, 200).Select(i => counter.NextAsync(i).AsTask())];
        await counter.DisposeAsync();

        Assert.All(pending, p => Assert.True(p.IsCompletedSuccessfully));
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), pending.Select(p => p.Result).Order());

        await using Counter reopened = await Counter.OpenAsync(directory.Options());
        Assert.Equal(200, reopened.Read(c => c.Value));
    }

    [Fact]
    public async Task Calling_another_stores_entry_point_from_an_apply_is_refused()
    {
        using var directory = new TemporaryDirectory();
        using var neighbourDirectory = new TemporaryDirectory();
        await using Counter neighbour = await Counter.OpenAsync(neighbourDirectory.Options());
        await using Accounts accounts = await Accounts.OpenAsync(directory.Options());
        // Test wiring, not state: the analyzers rightly see a static property of a durable class
        // set outside an operation.
#pragma warning disable DS0001
        Accounts.Neighbour = neighbour;
#pragma warning restore DS0001

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await accounts.CallNeighbourAsync());
        Assert.Contains("Counter operation 'Next' was called while Accounts operation 'CallNeighbour' is being applied", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, neighbour.DurableStatus.LastAppliedSequence);
    }

    [Fact]
    public async Task Another_process_holding_the_log_makes_opening_fail()
    {
        using var directory = new TemporaryDirectory();
        await using Counter first = await Counter.OpenAsync(directory.Options());
        await Assert.ThrowsAsync<LogLockedException>(async () => await Counter.OpenAsync(directory.Options()));
    }
}
