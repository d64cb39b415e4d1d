using Durably.Store.Tests.Infrastructure;
using Durably.Store.Tests.States;

namespace Durably.Store.Tests;

/// <summary>
/// When snapshots are taken without being asked for: the defaults a user never has to touch, each
/// trigger of <see cref="SnapshotPolicy"/> alone (records, log bytes, a clean dispose), and what an
/// empty log costs on disk with the defaults.
/// </summary>
public sealed class SnapshotPolicyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public void The_defaults_are_a_snapshot_every_100000_records_or_64_MiB_of_log_and_on_dispose()
    {
        SnapshotPolicy policy = new DurableOptions().Snapshots;
        Assert.Equal(100_000, policy.RecordsBetweenSnapshots);
        Assert.Equal(64L << 20, policy.LogBytesBetweenSnapshots);
        Assert.True(policy.OnDispose);
    }

    [Fact]
    public async Task The_record_trigger_alone_takes_a_snapshot_once_that_many_records_were_applied()
    {
        var machine = new SimulatedMachine(seed: 21);
        var policy = new SnapshotPolicy { RecordsBetweenSnapshots = 50, LogBytesBetweenSnapshots = 0, OnDispose = false };
        await using Journal journal = await Journal.OpenAsync(machine.Options(o => o.Snapshots = policy));
        for (int i = 1; i < 50; i++)
        {
            await journal.AppendAsync(i);
        }

        Assert.Equal(0, journal.DurableStatus.SnapshotSequence);
        for (int i = 50; i <= 60; i++)
        {
            await journal.AppendAsync(i);
        }

        long taken = await WaitForSnapshot(journal);
        Assert.InRange(taken, 50, 60);
    }

    [Fact]
    public async Task The_log_byte_trigger_alone_takes_a_snapshot_once_that_much_log_was_written()
    {
        var machine = new SimulatedMachine(seed: 22);
        var policy = new SnapshotPolicy { RecordsBetweenSnapshots = 0, LogBytesBetweenSnapshots = 256 << 10, OnDispose = false };
        await using Journal journal = await Journal.OpenAsync(machine.Options(o => o.Snapshots = policy));
        string note = new('n', 8 << 10);
        await journal.NoteAsync(note);
        Assert.Equal(0, journal.DurableStatus.SnapshotSequence);

        // 40 records of 8 KiB each: well past 256 KiB of log, however the frames are padded.
        for (int i = 0; i < 40; i++)
        {
            await journal.NoteAsync(note);
        }

        long taken = await WaitForSnapshot(journal);
        Assert.InRange(taken, 2, 41);
    }

    [Fact]
    public async Task A_clean_dispose_takes_a_snapshot_only_when_the_policy_says_so_and_records_were_applied()
    {
        var machine = new SimulatedMachine(seed: 23);
        var onDispose = new SnapshotPolicy { RecordsBetweenSnapshots = 0, LogBytesBetweenSnapshots = 0, OnDispose = true };
        await using (Journal journal = await Journal.OpenAsync(machine.Options(o => o.Snapshots = onDispose)))
        {
            for (int i = 0; i < 7; i++)
            {
                await journal.AppendAsync(i);
            }

            Assert.Equal(0, journal.DurableStatus.SnapshotSequence);
        }

        await using (Journal reopened = await Journal.OpenAsync(machine.Options(o => o.Snapshots = SnapshotPolicy.Manual)))
        {
            Assert.Equal(7, reopened.DurableStatus.RecoveredSnapshotSequence);
            await reopened.AppendAsync(8);
        }

        // Manual: the record appended after the snapshot at 7 is replayed from the log, no new snapshot.
        await using Journal last = await Journal.OpenAsync(machine.Options(o => o.Snapshots = SnapshotPolicy.Manual));
        Assert.Equal(7, last.DurableStatus.RecoveredSnapshotSequence);
        Assert.Equal(8, last.Count);
    }

    [Fact]
    public async Task An_empty_log_with_the_default_segment_takes_32_MiB_across_both_copies()
    {
        using var directory = new TemporaryDirectory();
        DurableOptions options = directory.Options(o => o.Log.SegmentSize = LogOptions.DefaultSegmentSize);
        await using (Journal journal = await Journal.OpenAsync(options))
        {
            await journal.AppendAsync(1);
        }

        long bytes = new[] { options.PrimaryDirectory, options.SecondaryDirectory }
            .SelectMany(d => new DirectoryInfo(d!).EnumerateFiles("wal-*.seg"))
            .Sum(f => f.Length);
        Assert.Equal(32L << 20, bytes);
    }

    private static async Task<long> WaitForSnapshot(Journal journal)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (journal.DurableStatus.SnapshotSequence == 0)
        {
            await Task.Delay(5, timeout.Token);
        }

        return journal.DurableStatus.SnapshotSequence;
    }
}
