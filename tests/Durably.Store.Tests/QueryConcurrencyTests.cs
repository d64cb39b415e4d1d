using System.Collections.Concurrent;
using Durably.Store.Tests.Infrastructure;
using Durably.Store.Tests.States;

namespace Durably.Store.Tests;

/// <summary>
/// Generated queries run under the store's read lock: many readers calling them while many writers
/// run operations see only states that some prefix of the applied operations produced (money is
/// conserved and no balance is negative), and nothing throws. A query called inside an apply or
/// during replay does not wait for a lock it cannot get.
/// </summary>
public sealed class QueryConcurrencyTests
{
    private const int AccountCount = 8;
    private const long Seeded = 1000;

    [Fact]
    public async Task Readers_through_queries_see_only_whole_operations_while_writers_run()
    {
        using var directory = new TemporaryDirectory();
        await using Accounts accounts = await Accounts.OpenAsync(directory.Options());
        await accounts.SeedAsync(AccountCount, Seeded);

        using var stop = new CancellationTokenSource();
        var failures = new ConcurrentQueue<string>();
        long reads = 0;
        Task[] readers = [.. Enumerable.Range(0, 4).Select(reader => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    long total = accounts.Total;
                    System.Collections.Immutable.ImmutableArray<long> balances = accounts.Balances();
                    long single = accounts.BalanceOf(reader % AccountCount);
                    if (total != AccountCount * Seeded)
                    {
                        failures.Enqueue("Total read " + total);
                    }

                    if (balances.Length != AccountCount || balances.Sum() != AccountCount * Seeded || balances.Any(b => b < 0))
                    {
                        failures.Enqueue("Balances read [" + string.Join(", ", balances) + "]");
                    }

                    if (single < 0 || single > AccountCount * Seeded)
                    {
                        failures.Enqueue("BalanceOf read " + single);
                    }

                    Interlocked.Increment(ref reads);
                }
#pragma warning disable CA1031 // Every exception a reader meets is a failure of the test, reported below.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    failures.Enqueue(e.ToString());
                }
            }
        }))];

        int[] moved = await Task.WhenAll(Enumerable.Range(0, 16).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            int applied = 0;
            for (int i = 0; i < 40; i++)
            {
                bool done = i % 2 == 0
                    ? await accounts.MoveAsync(random.Next(AccountCount), random.Next(AccountCount), random.Next(1, 400))
                    : await accounts.MoveIfCoveredAsync(random.Next(AccountCount), random.Next(AccountCount), random.Next(1, 400));
                applied += done ? 1 : 0;
            }

            return applied;
        })));
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Empty(failures);
        Assert.True(Interlocked.Read(ref reads) > 0);
        Assert.True(moved.Sum() > 0);
        Assert.Equal(AccountCount * Seeded, accounts.Total);
    }

    [Fact]
    public async Task A_query_inside_an_apply_and_during_replay_runs_without_waiting_for_the_lock()
    {
        using var directory = new TemporaryDirectory();
        System.Collections.Immutable.ImmutableArray<long> live;
        await using (Accounts accounts = await Accounts.OpenAsync(directory.Options()))
        {
            await accounts.SeedAsync(2, 100);
            Assert.True(await accounts.MoveIfCoveredAsync(0, 1, 60));
            Assert.False(await accounts.MoveIfCoveredAsync(0, 1, 60));
            live = accounts.Balances();
        }

        // Replay runs MoveIfCovered (and the query inside it) again before the store exists.
        await using Accounts reopened = await Accounts.OpenAsync(directory.Options());
        Assert.Equal(new long[] { 40, 160 }, live.ToArray());
        Assert.Equal(live.ToArray(), reopened.Balances().ToArray());
    }

    [Fact]
    public void A_state_that_was_never_opened_answers_queries_without_a_store()
    {
        var state = new Accounts();

        Assert.Equal(0, state.Total);
        Assert.Empty(state.Balances());
    }

    [Fact]
    public async Task A_query_after_dispose_fails_with_ObjectDisposedException()
    {
        using var directory = new TemporaryDirectory();
        Accounts accounts = await Accounts.OpenAsync(directory.Options());
        await accounts.SeedAsync(2, 100);
        await accounts.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => accounts.Total);
        Assert.Throws<ObjectDisposedException>(() => accounts.BalanceOf(0));
    }

    [Fact]
    public async Task Disposing_while_readers_run_queries_completes_and_readers_get_a_value_or_ObjectDisposedException()
    {
        for (int round = 0; round < 5; round++)
        {
            using var directory = new TemporaryDirectory();
            Accounts accounts = await Accounts.OpenAsync(directory.Options());
            await accounts.SeedAsync(AccountCount, Seeded);

            var unexpected = new ConcurrentQueue<Exception>();
            int disposedSeen = 0;
            using var started = new CountdownEvent(4);
            Task[] readers = [.. Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(
                () =>
                {
                    started.Signal();
                    while (true)
                    {
                        try
                        {
                            Assert.Equal(AccountCount * Seeded, accounts.Total);
                        }
                        catch (ObjectDisposedException)
                        {
                            Interlocked.Increment(ref disposedSeen);
                            return;
                        }
#pragma warning disable CA1031 // Anything else a reader meets is a failure, reported below.
                        catch (Exception e)
#pragma warning restore CA1031
                        {
                            unexpected.Enqueue(e);
                            return;
                        }
                    }
                },
                TaskCreationOptions.LongRunning))];

            started.Wait();
            await accounts.DisposeAsync();
            await Task.WhenAll(readers);

            Assert.Empty(unexpected);
            Assert.Equal(4, disposedSeen);
        }
    }

    [Fact]
    public async Task A_query_allocates_nothing_beyond_its_own_body()
    {
        using var directory = new TemporaryDirectory();
        await using Accounts accounts = await Accounts.OpenAsync(directory.Options());
        await accounts.SeedAsync(4, 100);

        long sum = 0;
        for (int i = 0; i < 20_000; i++)
        {
            sum += accounts.BalanceOf(i % 4);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            sum += accounts.BalanceOf(i % 4);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(20_000 * 100 + 10_000 * 100, sum);
    }
}
