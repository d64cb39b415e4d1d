using Durably.Store.Tests.Infrastructure;
using Durably.Store.Tests.States;
using Durably.Testing;

namespace Durably.Store.Tests;

/// <summary>
/// <see cref="DurableOptions.AllowSynchronousContinuations"/>: off, a caller's code after
/// <c>await</c> runs on the thread pool; on, it runs on the store thread that completed the
/// operation, and from there it can issue further operations, query, take a snapshot and dispose
/// the state without waiting on itself. Each test runs its body on the thread pool, so that no test
/// framework <see cref="SynchronizationContext"/> takes the continuations instead.
/// </summary>
public sealed class SynchronousContinuationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Off_by_default_the_code_after_await_runs_on_the_thread_pool()
    {
        using var directory = new TemporaryDirectory();
        DurableOptions options = directory.Options();
        Assert.False(options.AllowSynchronousContinuations);

        (bool pool, string? name) = await Task.Run(async () =>
        {
            await using Journal journal = await Journal.OpenAsync(options);
            await journal.AppendAsync(1);
            return (Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name);
        }).WaitAsync(Patience);

        Assert.True(pool, $"the continuation ran on '{name}'");
    }

    [Fact]
    public async Task On_the_code_after_await_runs_on_the_store_thread_that_completed_the_operation()
    {
        using var directory = new TemporaryDirectory();
        DurableOptions options = directory.Options(o => o.AllowSynchronousContinuations = true);

        string?[] names = await Task.Run(async () =>
        {
            await using Journal journal = await Journal.OpenAsync(options);
            var seen = new string?[20];
            for (int i = 0; i < seen.Length; i++)
            {
                await journal.AppendAsync(i);
                seen[i] = Thread.CurrentThread.Name;
            }

            return seen;
        }).WaitAsync(Patience);

        // Not every one: an operation that completes while its caller is still registering the
        // continuation has that continuation queued to the thread pool by .NET itself (and one
        // already complete when awaited goes on where it was).
        int onStoreThreads = names.Count(IsStoreThread);
        Assert.True(onStoreThreads >= 10, $"only {onStoreThreads} of 20 continuations ran on a store thread: {string.Join(", ", names)}");
    }

    [Fact]
    public async Task On_the_continuation_can_issue_the_next_operation_query_snapshot_and_dispose_from_the_store_thread()
    {
        using var directory = new TemporaryDirectory();
        DurableOptions options = directory.Options(o => o.AllowSynchronousContinuations = true);

        (long snapshot, int total) = await Task.Run(async () =>
        {
            Journal journal = await Journal.OpenAsync(options);
            long taken = 0;
            int i = 0;
            while (i < 300 || !OnStoreThread())
            {
                i++;
                long position = await journal.AppendAsync(i);
                Assert.Equal(i, position);
                Assert.Equal(i, journal.Count);
                if (i == 150)
                {
                    taken = await journal.SnapshotAsync();
                }

                Assert.True(i < 1000, "no continuation ran on a store thread");
            }

            // On a store thread here: disposing waits for that thread asynchronously.
            await journal.DisposeAsync();
            return (taken, i);
        }).WaitAsync(Patience);

        Assert.InRange(snapshot, 150, total);
        await using Journal reopened = await Journal.OpenAsync(directory.Options());
        Assert.Equal(total, reopened.Count);
        Assert.Equal(Enumerable.Range(1, total), reopened.Writers);
    }

    [Fact]
    public async Task On_many_callers_each_see_their_own_results_in_sequence_and_replay_equals_live()
    {
        using var directory = new TemporaryDirectory();
        DurableOptions options = directory.Options(o => o.AllowSynchronousContinuations = true);
        const int Callers = 16;
        const int Each = 200;

        int[] live = await Task.Run(async () =>
        {
            await using Journal journal = await Journal.OpenAsync(options);
            await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
            {
                long previous = 0;
                for (int i = 0; i < Each; i++)
                {
                    long position = await journal.AppendAsync(caller);
                    Assert.True(position > previous, $"caller {caller} saw position {position} after {previous}");
                    previous = position;
                }
            })));
            return journal.Writers.ToArray();
        }).WaitAsync(Patience);

        Assert.Equal(Callers * Each, live.Length);
        Assert.All(live.GroupBy(w => w), g => Assert.Equal(Each, g.Count()));
        await using Journal reopened = await Journal.OpenAsync(directory.Options());
        Assert.Equal(live, reopened.Writers);
    }

    [Fact]
    public async Task On_an_operation_that_throws_still_reaches_its_caller_as_its_exception()
    {
        using var directory = new TemporaryDirectory();
        DurableOptions options = directory.Options(o => o.AllowSynchronousContinuations = true);

        string message = await Task.Run(async () =>
        {
            await using Warehouse warehouse = await Warehouse.OpenAsync(options);
            InvalidOperationException refused = await Assert.ThrowsAsync<InvalidOperationException>(async () => await warehouse.ShipAsync("nothing", 1));
            return refused.Message;
        }).WaitAsync(Patience);

        Assert.Contains("insufficient stock", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_after_a_log_fault_every_caller_fails_and_one_that_tries_again_from_the_store_thread_is_refused_at_once()
    {
        var machine = new SimulatedMachine(seed: 31);
        DurableOptions options = machine.Options(o => o.AllowSynchronousContinuations = true);

        (int faulted, int refusedAgain, long applied) = await Task.Run(async () =>
        {
            Journal journal = await Journal.OpenAsync(options);
            for (int i = 0; i < 10; i++)
            {
                await journal.AppendAsync(0);
            }

            machine.Secondary.InjectFault(new SimulatedFault(SimulatedFaultKind.WriteError, persistent: true, pathContains: "/state/"));
            int failedCalls = 0;
            int retriesRefused = 0;
            await Task.WhenAll(Enumerable.Range(0, 8).Select(caller => Task.Run(async () =>
            {
                try
                {
                    await journal.AppendAsync(caller);
                }
                catch (LogFaultedException)
                {
                    Interlocked.Increment(ref failedCalls);

                    // Wherever this runs (a store thread, with this option), the store is faulted:
                    // the retry is refused without waiting for anything.
                    try
                    {
                        await journal.AppendAsync(caller);
                    }
                    catch (LogFaultedException)
                    {
                        Interlocked.Increment(ref retriesRefused);
                    }
                }
            })));
            long last = journal.DurableStatus.LastAppliedSequence;
            await journal.DisposeAsync();
            return (failedCalls, retriesRefused, last);
        }).WaitAsync(Patience);

        Assert.Equal(8, faulted);
        Assert.Equal(8, refusedAgain);
        Assert.Equal(10, applied);
        machine.Secondary.ClearFaults();
        await using Journal reopened = await Journal.OpenAsync(machine.Options());
        Assert.InRange(reopened.Count, 10, 18);
    }

    [Fact]
    public void Clone_keeps_the_setting()
    {
        var options = new DurableOptions { AllowSynchronousContinuations = true };
        Assert.True(options.Clone().AllowSynchronousContinuations);
    }

    private static bool OnStoreThread() => IsStoreThread(Thread.CurrentThread.Name);

    private static bool IsStoreThread(string? name)
        => name is not null && (name.StartsWith("Durably log writer", StringComparison.Ordinal) || name.StartsWith("Durably apply: ", StringComparison.Ordinal));
}
