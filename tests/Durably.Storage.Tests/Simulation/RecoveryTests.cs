using Durably.IO;
using Durably.Storage.Format;
using Durably.Testing;

namespace Durably.Storage.Tests.Simulation;

/// <summary>What reopening does with damage in one copy, in both copies, and with crashes.</summary>
public sealed class RecoveryTests
{
    private const int RecordLength = 700;

    [Fact]
    public async Task A_bit_flip_in_one_copy_is_repaired_from_the_other_and_a_second_recovery_changes_nothing()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(10, RecordLength);
        string file = SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 1);
        sim.Primary.FlipBit(file, 2 * 1024 + 100, 3);

        await using (DurableLog log = sim.Open())
        {
            SimulatedLogFixture.AssertRecords(log, 10, RecordLength);
            RepairRecord repair = Assert.Single(log.Status.RepairRecords);
            Assert.Equal(new RepairRecord(RepairKind.FrameRewritten, "primary", file, 1536, 1024, 2, repair.Reason), repair);
            Assert.Contains("CRC mismatch", repair.Reason, StringComparison.Ordinal);
            Assert.Contains(sim.Messages, m => m.Contains("Recovery: primary: rewrote", StringComparison.Ordinal));
        }

        Dictionary<string, byte[]> before = sim.Fingerprint();
        await using (DurableLog again = sim.Open())
        {
            Assert.Empty(again.Status.RepairRecords);
            SimulatedLogFixture.AssertRecords(again, 10, RecordLength);
        }

        SimulatedLogFixture.AssertSameFiles(before, sim.Fingerprint());
    }

    [Fact]
    public async Task The_same_record_damaged_in_both_copies_with_records_after_it_is_refused_naming_sequence_copies_files_and_offsets()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(10, RecordLength);
        // Record 3 is the third frame: two 1024-byte frames after the 512-byte segment header.
        long offset = 512 + (2 * 1024);
        sim.Primary.FlipBit(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 1), offset + 70, 0);
        sim.Secondary.FlipBit(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, 1), offset + 200, 5);

        LogCorruptException error = Assert.Throws<LogCorruptException>(() => sim.Open());
        Assert.Equal(3, error.Sequence);
        Assert.Contains("Record 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("primary: " + SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 1) + " offset 2560", error.Message, StringComparison.Ordinal);
        Assert.Contains("secondary: " + SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, 1) + " offset 2560", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Locations.Count);

        // The refused open wrote nothing and released its locks: AcceptDataLoss may now truncate.
        sim.RecoveryMode = LogRecoveryMode.AcceptDataLoss;
        await using (DurableLog log = sim.Open())
        {
            Assert.Equal(2, log.LastSequence);
            Assert.Contains(log.Status.RepairRecords, r => r.Kind == RepairKind.DataLossAccepted && r.Sequence == 3);
            SimulatedLogFixture.AssertRecords(log, 2, RecordLength);
            Assert.Equal(3, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(3, RecordLength)));
        }

        sim.RecoveryMode = LogRecoveryMode.Strict;
        await using DurableLog strict = sim.Open();
        Assert.Empty(strict.Status.RepairRecords);
        SimulatedLogFixture.AssertRecords(strict, 3, RecordLength);
    }

    [Fact]
    public async Task A_damaged_last_frame_in_both_copies_is_cut_as_torn()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(5, RecordLength);
        sim.ForgetCleanClose(); // a crash: the last frame may have been in flight
        long last = 512 + (4 * 1024);
        sim.Primary.FlipBit(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 1), last + 300, 1);
        sim.Secondary.FlipBit(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, 1), last + 10, 1);

        await using (DurableLog log = sim.Open())
        {
            Assert.Equal(4, log.LastSequence);
            RepairRecord cut = Assert.Single(log.Status.RepairRecords, r => r.Kind == RepairKind.IncompleteFrameCut);
            Assert.Equal((last, 5L), (cut.Offset, cut.Sequence));
            Assert.DoesNotContain(log.Status.RepairRecords, r => r.Kind == RepairKind.DataLossAccepted);
            SimulatedLogFixture.AssertRecords(log, 4, RecordLength);
        }

        await using DurableLog again = sim.Open();
        Assert.Empty(again.Status.RepairRecords);
    }

    [Fact]
    public async Task Unreadable_headers_of_the_last_three_frames_in_both_copies_are_refused_not_cut_as_torn()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(6, RecordLength);
        // Frames 4, 5 and 6 start after the 512-byte segment header and three 1024-byte frames.
        string primary = SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 1);
        string secondary = SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, 1);
        for (int frame = 3; frame < 6; frame++)
        {
            sim.Primary.AddLatentSectorError(primary, 512 + (frame * 1024));
            sim.Secondary.AddLatentSectorError(secondary, 512 + (frame * 1024));
        }

        LogCorruptException error = Assert.Throws<LogCorruptException>(() => sim.Open());
        Assert.Equal(4, error.Sequence);
        Assert.Contains("Record 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("primary: " + primary + " offset 4608", error.Message, StringComparison.Ordinal);
        Assert.Contains("secondary: " + secondary + " offset 4608", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("never acknowledged", error.Message, StringComparison.Ordinal);

        // The refused open wrote nothing: the sectors are still unreadable, so it refuses again.
        Assert.Throws<LogCorruptException>(() => sim.Open());
    }

    [Fact]
    public async Task Unreadable_frames_in_both_copies_past_the_last_frame_may_be_cut_with_AcceptDataLoss_and_the_loss_is_reported()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(6, RecordLength);
        string primary = SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 1);
        string secondary = SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, 1);
        for (int frame = 3; frame < 6; frame++)
        {
            sim.Primary.AddLatentSectorError(primary, 512 + (frame * 1024));
            sim.Secondary.AddLatentSectorError(secondary, 512 + (frame * 1024));
        }

        sim.RecoveryMode = LogRecoveryMode.AcceptDataLoss;
        await using (DurableLog log = sim.Open())
        {
            Assert.Equal(3, log.LastSequence);
            RepairRecord loss = Assert.Single(log.Status.RepairRecords, r => r.Kind == RepairKind.DataLossAccepted);
            Assert.Equal(4, loss.Sequence);
            Assert.Contains("Record 4", loss.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain(log.Status.RepairRecords, r => r.Kind == RepairKind.IncompleteFrameCut);
            SimulatedLogFixture.AssertRecords(log, 3, RecordLength);
            Assert.Equal(4, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(4, RecordLength)));
        }

        // The cut zeroed (rewrote) the unreadable blocks, so a strict open now finds a clean log.
        sim.RecoveryMode = LogRecoveryMode.Strict;
        await using DurableLog strict = sim.Open();
        Assert.Empty(strict.Status.RepairRecords);
        SimulatedLogFixture.AssertRecords(strict, 4, RecordLength);
    }

    [Fact]
    public async Task An_unreadable_last_frame_header_in_both_copies_is_cut_as_torn()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(6, RecordLength);
        sim.ForgetCleanClose(); // a crash: the last frame may have been in flight
        sim.Primary.AddLatentSectorError(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 1), 512 + (5 * 1024));
        sim.Secondary.AddLatentSectorError(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, 1), 512 + (5 * 1024));

        await using DurableLog log = sim.Open();
        Assert.Equal(5, log.LastSequence);
        Assert.Equal(6, Assert.Single(log.Status.RepairRecords, r => r.Kind == RepairKind.IncompleteFrameCut).Sequence);
        SimulatedLogFixture.AssertRecords(log, 5, RecordLength);
    }

    [Fact]
    public async Task An_unreadable_block_in_both_copies_of_a_spare_segment_is_refused_not_deleted()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(3, RecordLength);
        // Segment 2 is a preallocated spare; a block no copy can read there may hold frames.
        string primary = SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 2);
        string secondary = SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, 2);
        var files = ((IoEngine)sim.Storage.CreateEngine()).FileSystem;
        AssertSpareExists(files);
        sim.Primary.AddLatentSectorError(primary, 2048);
        sim.Secondary.AddLatentSectorError(secondary, 2048);

        LogCorruptException error = Assert.Throws<LogCorruptException>(() => sim.Open());
        Assert.Equal(4, error.Sequence);
        Assert.Contains("segment 2 offset 2048", error.Message, StringComparison.Ordinal);
        AssertSpareExists(files);
    }

    [Fact]
    public async Task A_spare_left_in_one_copy_by_an_interrupted_deletion_with_an_unreadable_block_is_deleted_not_refused()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(3, RecordLength);
        // The state a recovery leaves when it deletes a spare it found unreadable in the secondary
        // (the primary read it as zeros), and crashes after deleting the primary's: the secondary's
        // spare, with its unreadable block, is now the only copy. Segment 2 was never used, so
        // nothing acknowledged can be there.
        string primary = SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 2);
        string secondary = SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, 2);
        var files = ((IoEngine)sim.Storage.CreateEngine()).FileSystem;
        AssertSpareExists(files);
        sim.Secondary.AddLatentSectorError(secondary, 2048);
        files.Delete(primary);
        files.SyncDirectory(SimulatedLogFixture.PrimaryDirectory);

        await using (DurableLog log = sim.Open())
        {
            SimulatedLogFixture.AssertRecords(log, 3, RecordLength);
            RepairRecord deleted = Assert.Single(log.Status.RepairRecords);
            Assert.Equal((RepairKind.FileDeleted, "secondary", secondary), (deleted.Kind, deleted.Copy, deleted.File));
            Assert.Contains("no copy can read offset 2048", deleted.Reason, StringComparison.Ordinal);
            Assert.Contains("absent from the primary", deleted.Reason, StringComparison.Ordinal);
            Assert.Equal(4, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(4, RecordLength)));
        }

        await using DurableLog again = sim.Open();
        Assert.Empty(again.Status.RepairRecords);
        SimulatedLogFixture.AssertRecords(again, 4, RecordLength);
    }

    [Fact]
    public async Task A_spare_left_in_one_copy_unreadable_at_its_first_frame_position_is_deleted_not_refused()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(3, RecordLength);
        // As above, but the block no copy can read is the first frame position itself: with the
        // primary's spare deleted, a frame there would need damage to both copies.
        string primary = SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 2);
        string secondary = SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, 2);
        var files = ((IoEngine)sim.Storage.CreateEngine()).FileSystem;
        sim.Secondary.AddLatentSectorError(secondary, 512 + 150);
        files.Delete(primary);
        files.SyncDirectory(SimulatedLogFixture.PrimaryDirectory);

        await using (DurableLog log = sim.Open())
        {
            SimulatedLogFixture.AssertRecords(log, 3, RecordLength);
            RepairRecord deleted = Assert.Single(log.Status.RepairRecords);
            Assert.Equal((RepairKind.FileDeleted, "secondary", secondary), (deleted.Kind, deleted.Copy, deleted.File));
            Assert.Contains("no copy can read offset 512", deleted.Reason, StringComparison.Ordinal);
            Assert.Equal(4, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(4, RecordLength)));
        }

        await using DurableLog again = sim.Open();
        Assert.Empty(again.Status.RepairRecords);
        SimulatedLogFixture.AssertRecords(again, 4, RecordLength);
    }

    [Fact]
    public async Task An_unreadable_first_frame_position_in_both_copies_of_a_spare_is_refused()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(3, RecordLength);
        // The spare is in both copies and neither can read where its first frame would be: that
        // is damage to both copies, and a frame may have been there.
        string primary = SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 2);
        string secondary = SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, 2);
        var files = ((IoEngine)sim.Storage.CreateEngine()).FileSystem;
        sim.Primary.AddLatentSectorError(primary, 512);
        sim.Secondary.AddLatentSectorError(secondary, 512);

        LogCorruptException error = Assert.Throws<LogCorruptException>(() => sim.Open());
        Assert.Equal(4, error.Sequence);
        Assert.Contains("segment 2 offset 512", error.Message, StringComparison.Ordinal);
        AssertSpareExists(files);
    }

    [Fact]
    public async Task A_spare_in_one_copy_with_an_unreadable_block_and_something_at_its_first_frame_position_is_refused()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(3, RecordLength);
        // As above, but the secondary's spare is not empty where its first frame would start: a
        // frame may have been there, so the unreadable block is unknown.
        string primary = SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 2);
        string secondary = SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, 2);
        var files = ((IoEngine)sim.Storage.CreateEngine()).FileSystem;
        sim.Secondary.AddLatentSectorError(secondary, 2048);
        sim.Secondary.FlipBit(secondary, 512 + 5, 2);
        files.Delete(primary);
        files.SyncDirectory(SimulatedLogFixture.PrimaryDirectory);

        LogCorruptException error = Assert.Throws<LogCorruptException>(() => sim.Open());
        Assert.Equal(4, error.Sequence);
        Assert.Contains("segment 2 offset 2048", error.Message, StringComparison.Ordinal);
        Assert.True(sim.Storage.FileExists(secondary), "the refused open deleted the spare");
    }

    [Fact]
    public async Task A_recovery_deleting_a_spare_with_an_unreadable_block_in_one_copy_may_crash_at_any_operation_and_the_next_recovers()
    {
        // Without a crash the spare is deleted from both copies; crash points cover the recovery
        // from its first operation until it completes (the deletions come near its end), and
        // each point runs under several seeds, which decide which unsynced directory operations
        // (the deletions) the crash keeps.
        for (long crashAt = 1; ; crashAt++)
        {
            for (int seed = 1; seed <= 4; seed++)
            {
                // The unreadable block past the first frame position, or at it.
                long latentAt = seed % 2 == 0 ? 2048 : 512 + 150;
                if (!await RecoverAfterACrashDuringSpareDeletion(seed, crashAt, latentAt))
                {
                    Assert.True(crashAt > 10, "the recovery completed before any crash point was tried");
                    return;
                }
            }
        }
    }

    /// <summary>Returns false if the recovery completed before the crash point.</summary>
    private static async Task<bool> RecoverAfterACrashDuringSpareDeletion(int seed, long crashAt, long latentAt)
    {
        var sim = new SimulatedLogFixture(seed);
        await sim.WriteRecords(3, RecordLength);
        sim.Secondary.AddLatentSectorError(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, 2), latentAt);

        sim.Storage.ScheduleCrash(crashAt);
        try
        {
            DurableLog interrupted = sim.Open();
            await interrupted.DisposeAsync();
        }
        catch (IOException) when (sim.Storage.CrashCount > 0)
        {
            // The simulated machine crashed during the recovery: that process is gone.
        }

        bool crashed = sim.Storage.CrashCount > 0;
        sim.Storage.CancelScheduledCrash();
        await using (DurableLog log = sim.Open())
        {
            SimulatedLogFixture.AssertRecords(log, 3, RecordLength);
        }

        await using DurableLog again = sim.Open();
        Assert.Empty(again.Status.RepairRecords);
        SimulatedLogFixture.AssertRecords(again, 3, RecordLength);
        return crashed;
    }

    private static void AssertSpareExists(StorageFileSystem files)
    {
        Assert.Contains(files.ListFiles(SimulatedLogFixture.PrimaryDirectory), f => f.EndsWith(SegmentFileName.For(2), StringComparison.Ordinal));
        Assert.Contains(files.ListFiles(SimulatedLogFixture.SecondaryDirectory), f => f.EndsWith(SegmentFileName.For(2), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_latent_sector_error_in_one_copy_is_read_around_and_rewritten()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(8, RecordLength);
        sim.Secondary.AddLatentSectorError(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, 1), 512 + 1024 + 512);

        await using (DurableLog log = sim.Open())
        {
            SimulatedLogFixture.AssertRecords(log, 8, RecordLength);
            RepairRecord repair = Assert.Single(log.Status.RepairRecords, r => r.Kind == RepairKind.FrameRewritten);
            Assert.Equal((RepairKind.FrameRewritten, "secondary", 1536L, 1024L, 2L), (repair.Kind, repair.Copy, repair.Offset, repair.Length, repair.Sequence));
            Assert.Contains("unreadable", repair.Reason, StringComparison.Ordinal);
        }

        await using DurableLog again = sim.Open();
        Assert.Empty(again.Status.RepairRecords);
    }

    [Fact]
    public async Task A_latent_sector_error_after_open_is_served_from_the_other_copy_by_ReadFrom()
    {
        var sim = new SimulatedLogFixture();
        await using DurableLog log = sim.Open();
        for (int i = 1; i <= 4; i++)
        {
            SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(i, RecordLength));
        }

        sim.Primary.AddLatentSectorError(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 1), 512);
        SimulatedLogFixture.AssertRecords(log, 4, RecordLength);
    }

    [Fact]
    public async Task A_missing_segment_file_and_a_damaged_segment_header_are_rebuilt()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(40, RecordLength); // several 16 KiB segments
        var files = ((IoEngine)sim.Storage.CreateEngine()).FileSystem;
        files.Delete(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, 2));
        files.SyncDirectory(SimulatedLogFixture.SecondaryDirectory);
        sim.Primary.FlipBit(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 1), 20, 2);

        await using (DurableLog log = sim.Open())
        {
            SimulatedLogFixture.AssertRecords(log, 40, RecordLength);
            Assert.Equal(2, log.Status.RepairRecords.Count);
            RepairRecord rebuilt = Assert.Single(log.Status.RepairRecords, r => r.Kind == RepairKind.SegmentRebuilt);
            Assert.Equal(("secondary", SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, 2), "segment file missing"), (rebuilt.Copy, rebuilt.File, rebuilt.Reason));
            RepairRecord header = Assert.Single(log.Status.RepairRecords, r => r.Kind == RepairKind.HeaderRewritten);
            Assert.Equal(("primary", SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 1), 0L), (header.Copy, header.File, header.Offset));
        }

        Dictionary<string, byte[]> before = sim.Fingerprint();
        await using (DurableLog again = sim.Open())
        {
            Assert.Empty(again.Status.RepairRecords);
        }

        SimulatedLogFixture.AssertSameFiles(before, sim.Fingerprint());
    }

    [Fact]
    public async Task An_empty_secondary_directory_is_rebuilt_from_the_primary()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(30, RecordLength);
        var files = ((IoEngine)sim.Storage.CreateEngine()).FileSystem;
        foreach (string name in sim.Storage.ListFiles(SimulatedLogFixture.SecondaryDirectory))
        {
            files.Delete(SimulatedLogFixture.SecondaryDirectory + "/" + name);
        }

        files.SyncDirectory(SimulatedLogFixture.SecondaryDirectory);
        await using DurableLog log = sim.Open();
        SimulatedLogFixture.AssertRecords(log, 30, RecordLength);
        Assert.Equal(["secondary", "secondary"], log.Status.RepairRecords.Where(r => r.Kind == RepairKind.SegmentRebuilt).Select(r => r.Copy));
        Assert.Equal(
            sim.Storage.ReadFile(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 2))[512..],
            sim.Storage.ReadFile(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, 2))[512..]);
    }

    [Fact]
    public async Task Without_verification_a_misdirected_write_is_acknowledged_and_recovery_restores_it_from_the_other_copy()
    {
        var sim = new SimulatedLogFixture { Verify = false };
        DurableLog log = sim.Open();
        for (int i = 1; i <= 6; i++)
        {
            SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(i, RecordLength));
        }

        sim.Primary.InjectFault(new SimulatedFault(SimulatedFaultKind.MisdirectedWrite, pathContains: SegmentFileName.For(1)));
        Assert.Equal(7, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(7, RecordLength)));
        SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(8, RecordLength));
        await log.DisposeAsync();

        await using DurableLog reopened = sim.Open();
        SimulatedLogFixture.AssertRecords(reopened, 8, RecordLength);
        Assert.Contains(reopened.Status.RepairRecords, r => r.Kind == RepairKind.FrameRewritten && r.Copy == "primary");
    }

    [Fact]
    public async Task Leftover_temporary_segments_are_deleted()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(3, RecordLength);
        var files = ((IoEngine)sim.Storage.CreateEngine()).FileSystem;
        using (StorageFile stray = files.Open(SimulatedLogFixture.PrimaryDirectory + "/" + SegmentFileName.TemporaryFor(9), StorageOpenMode.CreateNew, StorageFileOptions.None))
        {
            stray.Write(0, new byte[512]);
        }

        await using DurableLog log = sim.Open();
        Assert.DoesNotContain(SegmentFileName.TemporaryFor(9), sim.Storage.ListFiles(SimulatedLogFixture.PrimaryDirectory));
        RepairRecord deleted = Assert.Single(log.Status.RepairRecords);
        Assert.Equal((RepairKind.FileDeleted, "primary", SimulatedLogFixture.PrimaryDirectory + "/" + SegmentFileName.TemporaryFor(9)), (deleted.Kind, deleted.Copy, deleted.File));
    }

    [Fact]
    public async Task ReadFrom_starts_at_any_sequence_across_segments()
    {
        var sim = new SimulatedLogFixture();
        await sim.WriteRecords(50, RecordLength);
        await using DurableLog log = sim.Open();
        Assert.True(log.Status.SegmentCount > 2);
        foreach (long from in new long[] { 1, 2, 17, 33, 50 })
        {
            List<LogRecord> records = [.. log.ReadFrom(from)];
            Assert.Equal(Enumerable.Range((int)from, 51 - (int)from).Select(i => (long)i), records.Select(r => r.Sequence));
            Assert.All(records, r => Assert.Equal(SimulatedLogFixture.Record(r.Sequence, RecordLength), r.Payload.ToArray()));
        }

        Assert.Empty(log.ReadFrom(51));
    }

    [Fact]
    public async Task A_second_process_is_refused_with_the_holder_named()
    {
        var sim = new SimulatedLogFixture();
        LogOptions first = sim.Options();
        await using DurableLog log = await DurableLog.OpenAsync(first);
        int holder = ((SimulatedEngine)first.CustomEngine!).ProcessId;

        LogLockedException error = Assert.Throws<LogLockedException>(() => sim.Open());
        Assert.Equal(holder, error.HolderProcessId);
        Assert.Contains("pid " + holder, error.Message, StringComparison.Ordinal);
    }
}
