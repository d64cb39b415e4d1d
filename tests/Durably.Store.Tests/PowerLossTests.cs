using System.Collections.Concurrent;
using System.Collections.Immutable;
using Durably.Store.Tests.Infrastructure;
using Durably.Store.Tests.States;

namespace Durably.Store.Tests;

/// <summary>
/// Power loss at a random moment under concurrent writers, on the crash-consistency kit's simulated
/// disks (unsynced writes lost, kept or torn): after recovery every acknowledged operation is there,
/// at the position its caller was told, and replay rebuilds the same state again on a second open.
/// </summary>
public sealed class PowerLossTests
{
    public static TheoryData<int> Seeds => new(Enumerable.Range(1, 16));

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task Every_acknowledged_operation_survives_power_loss_in_its_place(int seed) => Run(seed, snapshots: false);

    /// <summary>
    /// The same with a snapshot every 25 records and 64 KiB segments: the power loss lands while
    /// snapshots are serialized, written, verified and renamed and while segments are retired.
    /// </summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public Task Every_acknowledged_operation_survives_power_loss_while_snapshots_are_taken(int seed) => Run(seed, snapshots: true);

    /// <summary>
    /// The same with snapshots, under the speed settings the README lists: segments opened without
    /// O_DSYNC, so only each frame's fdatasync makes it durable (a write alone sits in the disk's
    /// volatile cache and is lost, kept or torn by the power loss), and callers' continuations run on
    /// the store's threads.
    /// </summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public Task Every_acknowledged_operation_survives_power_loss_with_fdatasync_alone_and_synchronous_continuations(int seed) =>
        Run(seed, snapshots: true, o =>
        {
            o.Log.OpenWithDataSync = false;
            o.AllowSynchronousContinuations = true;
        });

    /// <summary>The same with the README's other speed setting: each frame one O_DSYNC write per copy, no fdatasync.</summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public Task Every_acknowledged_operation_survives_power_loss_with_O_DSYNC_writes_alone(int seed) =>
        Run(seed, snapshots: true, o => o.Log.FdatasyncAfterWrite = false);

    /// <summary>
    /// The seeds above still exercise recovery from a snapshot: whether one was durable before a given
    /// power loss depends on thread timing, but across the seeds most recoveries start from one.
    /// </summary>
    [Fact]
    public async Task Across_the_seeds_most_recoveries_after_power_loss_start_from_a_snapshot()
    {
        int fromSnapshot = 0;
        foreach (int seed in Enumerable.Range(1, 16))
        {
            fromSnapshot += await Run(seed, snapshots: true) ? 1 : 0;
        }

        Assert.True(fromSnapshot >= 8, $"only {fromSnapshot} of 16 recoveries started from a snapshot");
    }

    /// <summary>Runs one power loss; returns whether recovery started from a snapshot.</summary>
    private static async Task<bool> Run(int seed, bool snapshots, Action<DurableOptions>? speedSettings = null)
    {
        var machine = new SimulatedMachine(seed);
        Action<DurableOptions> configure = o =>
        {
            if (snapshots)
            {
                o.Log.SegmentSize = 64 << 10;
                o.Snapshots = new SnapshotPolicy { RecordsBetweenSnapshots = 25, LogToSnapshotRatio = 0 };
            }

            speedSettings?.Invoke(o);
        };
        Journal journal = await Journal.OpenAsync(machine.Options(configure));
        var random = new Random(seed);
        machine.Storage.ScheduleCrash(random.Next(200, 3000));

        var acknowledged = new ConcurrentDictionary<long, int>();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            while (!limit.IsCancellationRequested)
            {
                try
                {
                    acknowledged[await journal.AppendAsync(writer)] = writer;
                }
                catch (DurableLogException)
                {
                    return;
                }
            }
        })));

        Assert.False(limit.IsCancellationRequested, "the power loss never happened");
        Assert.NotEmpty(acknowledged);
        Assert.Equal(1, machine.Storage.CrashCount);
        Assert.True(journal.DurableStatus.IsFaulted);

        // The newest snapshot that was durable and verified before the power loss.
        long durableSnapshot = journal.DurableStatus.SnapshotSequence;
        await journal.DisposeAsync();

        await using Journal recovered = await Journal.OpenAsync(machine.Options(configure));
        ImmutableArray<int> writers = recovered.Read(j => j.Writers);
        foreach ((long position, int writer) in acknowledged)
        {
            Assert.True(position <= writers.Length, $"acknowledged entry {position} lost: {writers.Length} recovered");
            Assert.Equal(writer, writers[(int)position - 1]);
        }

        // A snapshot reported durable survives the power loss: recovery starts from it or a newer one.
        // (How many were durable by then depends on when the background writes ran, not on the count
        // of records: under load the first one can still be in flight hundreds of records later.)
        Assert.True(
            recovered.DurableStatus.RecoveredSnapshotSequence >= durableSnapshot,
            $"snapshot {durableSnapshot} was durable before the power loss; recovery started from {recovered.DurableStatus.RecoveredSnapshotSequence}");

        byte[] snapshot = SnapshotAccess.Capture(recovered);
        long sequence = recovered.DurableStatus.LastAppliedSequence;
        Assert.Equal(writers.Length, sequence);
        bool fromSnapshot = recovered.DurableStatus.RecoveredSnapshotSequence > 0;
        await recovered.DisposeAsync();

        await using Journal again = await Journal.OpenAsync(machine.Options(configure));
        Assert.Equal(snapshot, SnapshotAccess.Capture(again));
        Assert.Equal(sequence + 1, await again.AppendAsync(99));
        return fromSnapshot;
    }
}
