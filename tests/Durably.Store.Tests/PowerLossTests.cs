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

    private static async Task Run(int seed, bool snapshots)
    {
        var machine = new SimulatedMachine(seed);
        Action<DurableOptions> configure = snapshots
            ? o =>
            {
                o.Log.SegmentSize = 64 << 10;
                o.Snapshots = new SnapshotPolicy { RecordsBetweenSnapshots = 25, LogToSnapshotRatio = 0 };
            }
            : _ => { };
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
        await journal.DisposeAsync();

        await using Journal recovered = await Journal.OpenAsync(machine.Options(configure));
        ImmutableArray<int> writers = recovered.Read(j => j.Writers);
        foreach ((long position, int writer) in acknowledged)
        {
            Assert.True(position <= writers.Length, $"acknowledged entry {position} lost: {writers.Length} recovered");
            Assert.Equal(writer, writers[(int)position - 1]);
        }

        if (snapshots && writers.Length >= 50)
        {
            // Snapshots were taken before the power loss, and recovery started from one.
            Assert.True(recovered.DurableStatus.RecoveredSnapshotSequence > 0, $"{writers.Length} records recovered without a snapshot");
        }

        byte[] snapshot = SnapshotAccess.Capture(recovered);
        long sequence = recovered.DurableStatus.LastAppliedSequence;
        Assert.Equal(writers.Length, sequence);
        await recovered.DisposeAsync();

        await using Journal again = await Journal.OpenAsync(machine.Options(configure));
        Assert.Equal(snapshot, SnapshotAccess.Capture(again));
        Assert.Equal(sequence + 1, await again.AppendAsync(99));
    }
}
