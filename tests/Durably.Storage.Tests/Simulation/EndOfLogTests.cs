using Durably.IO;
using Durably.Storage.Format;

namespace Durably.Storage.Tests.Simulation;

/// <summary>
/// The durable record of the log's end: the clean-close record (<c>durably.end</c>) and the
/// segment chain. Loss at the tail after a clean close, or of whole segments, is refused, not
/// cut; only what a crash can leave (a torn last frame, never acknowledged) is cut.
/// </summary>
public sealed class EndOfLogTests
{
    private const int RecordLength = 700; // one 1024-byte frame each; 15 frames per 16 KiB segment
    private const int Records = 40;       // segments 1, 2 and 3 (records 31..40), spare 4

    [Fact]
    public async Task After_a_clean_close_a_last_frame_damaged_identically_in_both_copies_is_refused_not_cut()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(Records, RecordLength);
        Assert.True(sim.Storage.FileExists(SimulatedLogFixture.PrimaryDirectory + "/" + CleanCloseRecord.FileName));
        long last = 512 + (9 * 1024); // record 40: the tenth frame of segment 3
        sim.Primary.FlipBit(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 3), last + 100, 2);
        sim.Secondary.FlipBit(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, 3), last + 100, 2);
        Dictionary<string, byte[]> before = sim.Fingerprint();

        LogCorruptException error = Assert.Throws<LogCorruptException>(() => sim.Open());
        Assert.Equal(40, error.Sequence);
        Assert.Contains("closed cleanly at sequence 40", error.Message, StringComparison.Ordinal);
        Assert.Contains("ending at sequence 39", error.Message, StringComparison.Ordinal);
        SimulatedLogFixture.AssertSameFiles(before, sim.Fingerprint());

        sim.RecoveryMode = LogRecoveryMode.AcceptDataLoss;
        await using (DurableLog log = sim.Open())
        {
            SimulatedLogFixture.AssertRecords(log, 39, RecordLength);
            RepairRecord loss = Assert.Single(log.Status.RepairRecords, r => r.Kind == RepairKind.DataLossAccepted);
            Assert.Equal(40, loss.Sequence);
            Assert.DoesNotContain(log.Status.RepairRecords, r => r.Kind == RepairKind.IncompleteFrameCut);
        }

        sim.RecoveryMode = LogRecoveryMode.Strict;
        await using DurableLog strict = sim.Open();
        Assert.Empty(strict.Status.RepairRecords);
        SimulatedLogFixture.AssertRecords(strict, 39, RecordLength);
    }

    [Fact]
    public async Task The_newest_segment_deleted_from_both_copies_with_its_spare_left_is_refused_as_a_hole_in_the_segment_chain()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(Records, RecordLength);
        sim.ForgetCleanClose(); // even after a crash: the spare after it shows segment 3 existed
        DeleteFromBoth(sim, 3);
        Assert.True(sim.Storage.FileExists(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 4)));
        Dictionary<string, byte[]> before = sim.Fingerprint();

        LogCorruptException error = Assert.Throws<LogCorruptException>(() => sim.Open());
        Assert.Equal(31, error.Sequence);
        Assert.Contains("Segment 3 is missing from every copy, but segment 4 exists", error.Message, StringComparison.Ordinal);
        SimulatedLogFixture.AssertSameFiles(before, sim.Fingerprint());

        sim.RecoveryMode = LogRecoveryMode.AcceptDataLoss;
        await using (DurableLog log = sim.Open())
        {
            SimulatedLogFixture.AssertRecords(log, 30, RecordLength);
            Assert.Equal(31, Assert.Single(log.Status.RepairRecords, r => r.Kind == RepairKind.DataLossAccepted).Sequence);
            Assert.Contains(log.Status.RepairRecords, r => r.Kind == RepairKind.FileDeleted && r.File == SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 4));
            Assert.Equal(31, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(31, RecordLength)));
        }
    }

    [Fact]
    public async Task After_a_clean_close_the_newest_segments_deleted_from_both_copies_without_a_spare_left_are_refused()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(Records, RecordLength);
        DeleteFromBoth(sim, 4);
        DeleteFromBoth(sim, 3);

        LogCorruptException error = Assert.Throws<LogCorruptException>(() => sim.Open());
        Assert.Equal(31, error.Sequence);
        Assert.Contains("closed cleanly at sequence 40", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_segment_deleted_after_a_clean_close_is_refused_not_started_afresh()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(5, RecordLength);
        DeleteFromBoth(sim, 2);
        DeleteFromBoth(sim, 1);

        LogCorruptException error = Assert.Throws<LogCorruptException>(() => sim.Open());
        Assert.Contains("No copy holds any segment file, but the log was closed cleanly at sequence 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_clean_close_record_is_deleted_before_appends_are_accepted_so_a_later_crash_is_judged_as_a_crash()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(5, RecordLength);
        DurableLog log = sim.Open();
        Assert.False(sim.Storage.FileExists(SimulatedLogFixture.PrimaryDirectory + "/" + CleanCloseRecord.FileName));
        Assert.False(sim.Storage.FileExists(SimulatedLogFixture.SecondaryDirectory + "/" + CleanCloseRecord.FileName));
        Assert.Equal(6, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(6, RecordLength)));

        // A crash (no clean close) whose last frame is then damaged in both copies: cut as torn.
        sim.Storage.Crash();
        long last = 512 + (5 * 1024);
        sim.Primary.FlipBit(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 1), last + 80, 1);
        sim.Secondary.FlipBit(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, 1), last + 80, 1);
        await using DurableLog reopened = sim.Open();
        SimulatedLogFixture.AssertRecords(reopened, 5, RecordLength);
        Assert.Equal(6, Assert.Single(reopened.Status.RepairRecords, r => r.Kind == RepairKind.IncompleteFrameCut).Sequence);
    }

    [Fact]
    public async Task A_faulted_log_writes_no_clean_close_record()
    {
        var sim = new SimulatedLogFixture();
        await using (DurableLog log = sim.Open())
        {
            SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(1, RecordLength));
            sim.Secondary.InjectFault(new Durably.Testing.SimulatedFault(Durably.Testing.SimulatedFaultKind.WriteError, pathContains: SegmentFileName.For(1)));
            ValueTask<long> failing = log.AppendAsync(SimulatedLogFixture.Record(2, RecordLength));
            SimulatedLogFixture.Pump(log);
            await Assert.ThrowsAsync<LogFaultedException>(async () => await failing);
        }

        Assert.False(sim.Storage.FileExists(SimulatedLogFixture.PrimaryDirectory + "/" + CleanCloseRecord.FileName));
        Assert.False(sim.Storage.FileExists(SimulatedLogFixture.SecondaryDirectory + "/" + CleanCloseRecord.FileName));
    }

    [Fact]
    public async Task Swapped_primary_and_secondary_directories_are_refused_saying_they_are_swapped()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(3, RecordLength);
        LogOptions swapped = sim.Options();
        (swapped.PrimaryDirectory, swapped.SecondaryDirectory) = (SimulatedLogFixture.SecondaryDirectory, SimulatedLogFixture.PrimaryDirectory);
        Dictionary<string, byte[]> before = sim.Fingerprint();

        LogCorruptException error = await Assert.ThrowsAsync<LogCorruptException>(async () => await DurableLog.OpenAsync(swapped));
        Assert.Contains("swapped", error.Message, StringComparison.Ordinal);
        Assert.Contains("Swap PrimaryDirectory and SecondaryDirectory", error.Message, StringComparison.Ordinal);
        SimulatedLogFixture.AssertSameFiles(before, sim.Fingerprint());
    }

    private static void DeleteFromBoth(SimulatedLogFixture sim, uint segment)
    {
        StorageFileSystem files = ((IoEngine)sim.Storage.CreateEngine()).FileSystem;
        foreach (string directory in new[] { SimulatedLogFixture.PrimaryDirectory, SimulatedLogFixture.SecondaryDirectory })
        {
            files.Delete(SimulatedLogFixture.SegmentPath(directory, segment));
            files.SyncDirectory(directory);
        }
    }
}
