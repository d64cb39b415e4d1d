using Durably.Store.Tests.Infrastructure;
using Durably.Store.Tests.States;

namespace Durably.Store.Tests;

/// <summary>
/// After a random workload from concurrent writers (operations that return, refuse and fail
/// half-way included), the live state and a fresh instance recovered from the log serialize to
/// the same snapshot bytes.
/// </summary>
public sealed class ReplayEqualsLiveTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task The_recovered_state_equals_the_live_state(int seed)
    {
        using var directory = new TemporaryDirectory();
        byte[] live;
        long lastSequence;
        long failures;
        await using (Warehouse warehouse = await Warehouse.OpenAsync(directory.Options(o => o.Snapshots = SnapshotPolicy.Manual)))
        {
            failures = await RunWorkload(warehouse, seed, writers: 4, operationsPerWriter: 60);
            live = SnapshotAccess.Capture(warehouse);
            lastSequence = warehouse.DurableStatus.LastAppliedSequence;
        }

        Assert.Equal(240, lastSequence);
        Assert.InRange(failures, 1, 239);

        await using Warehouse recovered = await Warehouse.OpenAsync(directory.Options());
        DurableStoreStatus status = recovered.DurableStatus;
        Assert.Equal(0, status.RecoveredSnapshotSequence);
        Assert.Equal(lastSequence, status.LastAppliedSequence);
        Assert.Equal(lastSequence, status.ReplayedRecords);
        Assert.Equal(failures, status.ReplayedFailures);
        Assert.Equal(live, SnapshotAccess.Capture(recovered));
    }

    /// <summary>
    /// Across snapshots: snapshots taken by the policy and on request while writers run, retired
    /// segments behind them; the state recovered from the newest snapshot plus the records after it
    /// equals the live state byte for byte, and so does the state of a second recovery from it.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task The_state_recovered_from_a_snapshot_and_the_tail_equals_the_live_state(int seed)
    {
        using var directory = new TemporaryDirectory();
        byte[] live;
        long lastSequence;
        long snapshotSequence;
        DurableOptions Options() => directory.Options(o =>
        {
            o.Log.SegmentSize = 64 << 10;
            o.Snapshots = new SnapshotPolicy { RecordsBetweenSnapshots = 37, OnDispose = false, LogToSnapshotRatio = 0 };
        });
        await using (Warehouse warehouse = await Warehouse.OpenAsync(Options()))
        {
            Task<long> workload = RunWorkload(warehouse, seed, writers: 4, operationsPerWriter: 60);
            long requested = await warehouse.SnapshotAsync();
            await workload;
            Assert.InRange(requested, 0, 240);

            // The tail after the newest snapshot must be replayed: add some records after it.
            await warehouse.TagAsync("after the last snapshot " + await warehouse.SnapshotAsync());
            live = SnapshotAccess.Capture(warehouse);
            lastSequence = warehouse.DurableStatus.LastAppliedSequence;
            snapshotSequence = warehouse.DurableStatus.SnapshotSequence;
        }

        Assert.Equal(241, lastSequence);
        Assert.Equal(240, snapshotSequence);
        Assert.False(File.Exists(Path.Combine(directory.Path, "primary", "wal-000000000001.seg")), "segment 1 was not retired");

        await using (Warehouse recovered = await Warehouse.OpenAsync(Options()))
        {
            DurableStoreStatus status = recovered.DurableStatus;
            Assert.Equal(snapshotSequence, status.RecoveredSnapshotSequence);
            Assert.Equal(lastSequence, status.LastAppliedSequence);
            Assert.Equal(lastSequence - snapshotSequence, status.ReplayedRecords);
            Assert.Equal(live, SnapshotAccess.Capture(recovered));
            Assert.Equal(lastSequence, await recovered.SnapshotAsync());
        }

        await using Warehouse again = await Warehouse.OpenAsync(Options());
        Assert.Equal(lastSequence, again.DurableStatus.RecoveredSnapshotSequence);
        Assert.Equal(0, again.DurableStatus.ReplayedRecords);
        Assert.Equal(live, SnapshotAccess.Capture(again));
    }

    [Fact]
    public async Task A_snapshot_restored_in_place_serializes_to_the_same_bytes()
    {
        using var directory = new TemporaryDirectory();
        await using Warehouse warehouse = await Warehouse.OpenAsync(directory.Options());
        await RunWorkload(warehouse, seed: 7, writers: 1, operationsPerWriter: 80);
        byte[] snapshot = SnapshotAccess.Capture(warehouse);

        // Readonly fields, backing fields of properties with private setters and nested user
        // types are all restored into a fresh instance.
        var restored = new Warehouse();
        SnapshotAccess.Read(snapshot, restored);
        Assert.Equal(snapshot, SnapshotAccess.Write(restored));
        Assert.Equal(warehouse.Read(w => w.Version), restored.Version);
        Assert.Equal(warehouse.Read(w => w.Name), restored.Name);
        Assert.NotEqual(SnapshotAccess.Write(new Warehouse()), snapshot);
    }

    /// <summary>Runs random operations; returns how many failed (refused or failed half-way).</summary>
    private static async Task<long> RunWorkload(Warehouse warehouse, int seed, int writers, int operationsPerWriter)
    {
        long failures = 0;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            var random = new Random(seed * 1000 + writer);
            for (int i = 0; i < operationsPerWriter; i++)
            {
                try
                {
                    await RandomOperation(warehouse, random);
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));
        return failures;
    }

    private static async Task RandomOperation(Warehouse warehouse, Random random)
    {
        string sku = "sku" + random.Next(6);
        switch (random.Next(7))
        {
            case 0:
                await warehouse.ReceiveAsync(
                    new Item(sku, random.Next(-2, 20), random.Next(1, 1000) / 100m, (Grade)random.Next(3)),
                    new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(random.Next(-5, 6))).AddMinutes(random.Next(100000)));
                break;
            case 1:
                await warehouse.ShipAsync(sku, random.Next(1, 8));
                break;
            case 2:
                var bin = new Bin
                {
                    Name = "bin" + random.Next(100),
                    Items = [.. Enumerable.Range(0, random.Next(3)).Select(n => new Item("b" + n, n, n * 1.5m))],
                    Counts = random.Next(2) == 0 ? null : new Dictionary<string, int> { ["x"] = random.Next(10), ["y"] = random.Next(10) },
                };
                await warehouse.StowAsync(new Position(random.Next(3), random.Next(3)), bin);
                break;
            case 3:
                await warehouse.TagAsync("tag" + random.Next(10));
                break;
            case 4:
                await warehouse.MoveAsync(random.Next(3) == 0 ? null : new Position(random.Next(5), random.Next(5)), random.Next(-3, 10));
                break;
            case 5:
                byte[] id = new byte[16];
                random.NextBytes(id);
                await warehouse.RenameAsync("w" + random.Next(1000), new Guid(id));
                break;
            default:
                await warehouse.NoteAsync([.. Enumerable.Range(0, random.Next(5)).Select(n => "note" + random.Next(50))]);
                break;
        }
    }
}
