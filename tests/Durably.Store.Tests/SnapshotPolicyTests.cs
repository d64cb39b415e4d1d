using Durably.Store.Tests.Infrastructure;
using Durably.Store.Tests.States;

namespace Durably.Store.Tests;

/// <summary>
/// When snapshots are taken without being asked for: the defaults a user never has to touch, each
/// trigger of <see cref="SnapshotPolicy"/> alone (records, log bytes, a clean dispose), the gate that
/// holds them back until a snapshot's worth of log was written, and what an empty log costs on disk
/// with the defaults.
/// </summary>
public sealed class SnapshotPolicyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public void The_defaults_are_a_snapshot_every_100000_records_or_64_MiB_of_log_no_sooner_than_a_snapshots_worth_of_log_and_on_dispose()
    {
        SnapshotPolicy policy = new DurableOptions().Snapshots;
        Assert.Equal(100_000, policy.RecordsBetweenSnapshots);
        Assert.Equal(64L << 20, policy.LogBytesBetweenSnapshots);
        Assert.Equal(1, policy.LogToSnapshotRatio);
        Assert.True(policy.OnDispose);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public async Task A_log_to_snapshot_ratio_that_is_negative_or_not_finite_is_refused_when_opening(double ratio)
    {
        var machine = new SimulatedMachine(seed: 24);
        ArgumentOutOfRangeException refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            async () => await Journal.OpenAsync(machine.Options(o => o.Snapshots = new SnapshotPolicy { LogToSnapshotRatio = ratio })));
        Assert.Equal(nameof(SnapshotPolicy.LogToSnapshotRatio), refused.ParamName);
    }

    [Fact]
    public async Task The_record_trigger_waits_until_the_log_since_the_last_snapshot_is_as_large_as_that_snapshot()
    {
        (Journal journal, long large) = await SmallRecordsAfterALargeSnapshot(seed: 25, ratio: 1);
        await using Journal owned = journal;

        // The record trigger fired; the log since the snapshot is far below its 512 KiB.
        Assert.Equal(large, journal.DurableStatus.SnapshotSequence);

        // Past 512 KiB of log since the snapshot: the held trigger goes.
        string note = new('m', 128 << 10);
        for (int i = 0; i < 5; i++)
        {
            await journal.NoteAsync(note);
        }

        Assert.True(await WaitForSnapshotAfter(journal, large) > large);
    }

    [Fact]
    public async Task Without_the_ratio_the_record_trigger_alone_decides_however_large_the_last_snapshot_was()
    {
        (Journal journal, long large) = await SmallRecordsAfterALargeSnapshot(seed: 26, ratio: 0);
        await using Journal owned = journal;
        Assert.True(await WaitForSnapshotAfter(journal, large) > large);
    }

    [Fact]
    public async Task After_reopening_the_ratio_measures_against_the_recovered_snapshot()
    {
        var machine = new SimulatedMachine(seed: 27);
        long large;
        await using (Journal journal = await Journal.OpenAsync(machine.Options(o => o.Snapshots = GatedEveryTenRecords(ratio: 1))))
        {
            large = await TakeLargeSnapshot(journal);
        }

        await using Journal reopened = await Journal.OpenAsync(machine.Options(o => o.Snapshots = GatedEveryTenRecords(ratio: 1)));
        Assert.Equal(large, reopened.DurableStatus.RecoveredSnapshotSequence);
        await AppendSmallRecords(reopened, 30);
        Assert.Equal(large, reopened.DurableStatus.SnapshotSequence);
    }

    /// <summary>
    /// A journal with a snapshot every 10 records under <paramref name="ratio"/>: a snapshot of at
    /// least 512 KiB asked for, then 30 small records, each its own frame of a few KiB.
    /// </summary>
    private static async Task<(Journal Journal, long Large)> SmallRecordsAfterALargeSnapshot(int seed, double ratio)
    {
        var machine = new SimulatedMachine(seed);
        Journal journal = await Journal.OpenAsync(machine.Options(o => o.Snapshots = GatedEveryTenRecords(ratio)));
        long large = await TakeLargeSnapshot(journal);
        await AppendSmallRecords(journal, 30);
        return (journal, large);
    }

    private static SnapshotPolicy GatedEveryTenRecords(double ratio)
        => new() { RecordsBetweenSnapshots = 10, LogBytesBetweenSnapshots = 0, OnDispose = false, LogToSnapshotRatio = ratio };

    /// <summary>Four 128 KiB notes, then a snapshot asked for: the last snapshot is at least 512 KiB.</summary>
    private static async Task<long> TakeLargeSnapshot(Journal journal)
    {
        string note = new('l', 128 << 10);
        for (int i = 0; i < 4; i++)
        {
            await journal.NoteAsync(note);
        }

        return await journal.SnapshotAsync();
    }

    /// <summary>Appends one record at a time, then gives the apply thread time to start a snapshot it might want.</summary>
    private static async Task AppendSmallRecords(Journal journal, int count)
    {
        for (int i = 0; i < count; i++)
        {
            await journal.AppendAsync(i);
        }

        await Task.Delay(200);
    }

    private static async Task<long> WaitForSnapshotAfter(Journal journal, long sequence)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (journal.DurableStatus.SnapshotSequence <= sequence)
        {
            await Task.Delay(5, timeout.Token);
        }

        return journal.DurableStatus.SnapshotSequence;
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

        long taken = await WaitForSnapshotAfter(journal, 0);
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

        long taken = await WaitForSnapshotAfter(journal, 0);
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
}
