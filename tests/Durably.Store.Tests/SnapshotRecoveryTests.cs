using Durably.Store.Tests.Infrastructure;
using Durably.Store.Tests.States;
using Durably.Testing;

namespace Durably.Store.Tests;

/// <summary>
/// Recovery with snapshots on real files: the newest snapshot damaged in one copy (repaired from
/// the other) or in both (the previous snapshot and the log kept behind it recover the state), a
/// snapshot from another log (ignored), a log that ends before the newest snapshot (refused), and a
/// snapshot that cannot be written (a typed error; nothing lost, the store goes on).
/// </summary>
public sealed class SnapshotRecoveryTests
{
    private static DurableOptions Options(TemporaryDirectory directory, SnapshotPolicy? policy = null) => directory.Options(o =>
    {
        o.Log.SegmentSize = 64 << 10;
        o.Snapshots = policy ?? SnapshotPolicy.Manual;
    });

    private static string SnapshotPath(TemporaryDirectory directory, string copy, long sequence) =>
        Path.Combine(directory.Path, copy, "snap-" + sequence.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + ".snap");

    /// <summary>Appends <paramref name="count"/> entries, one at a time (one frame each), snapshotting at every <paramref name="snapshotAt"/>.</summary>
    private static async Task<List<long>> Fill(Journal journal, int count, int snapshotAt)
    {
        var snapshots = new List<long>();
        for (int i = 0; i < count; i++)
        {
            long position = await journal.AppendAsync(i % 7);
            if (position % snapshotAt == 0)
            {
                snapshots.Add(await journal.SnapshotAsync());
            }
        }

        return snapshots;
    }

    [Fact]
    public async Task The_newest_snapshot_damaged_in_both_copies_recovers_from_the_previous_one_and_the_log_kept_behind_it()
    {
        using var directory = new TemporaryDirectory();
        byte[] live;
        List<long> snapshots;
        await using (Journal journal = await Journal.OpenAsync(Options(directory)))
        {
            snapshots = await Fill(journal, 100, snapshotAt: 30);
            live = SnapshotAccess.Capture(journal);
        }

        Assert.Equal([30L, 60L, 90L], snapshots);
        Assert.False(File.Exists(SnapshotPath(directory, "primary", 30)), "the snapshot before the previous one was kept");
        Assert.False(File.Exists(Path.Combine(directory.Path, "primary", "wal-000000000001.seg")), "nothing was retired");
        foreach (string copy in new[] { "primary", "secondary" })
        {
            FlipByte(SnapshotPath(directory, copy, 90), 300);
        }

        await using (Journal recovered = await Journal.OpenAsync(Options(directory)))
        {
            DurableStoreStatus status = recovered.DurableStatus;
            Assert.Equal(60, status.RecoveredSnapshotSequence);
            Assert.Equal(40, status.ReplayedRecords);
            Assert.Equal(live, SnapshotAccess.Capture(recovered));
            Assert.Contains("snap-00000000000000000090.snap verifies in no copy", status.Log.Repairs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_newest_snapshot_damaged_in_one_copy_is_used_and_rewritten_in_that_copy()
    {
        using var directory = new TemporaryDirectory();
        byte[] live;
        await using (Journal journal = await Journal.OpenAsync(Options(directory)))
        {
            await Fill(journal, 50, snapshotAt: 25);
            live = SnapshotAccess.Capture(journal);
        }

        byte[] intact = await File.ReadAllBytesAsync(SnapshotPath(directory, "primary", 50));
        FlipByte(SnapshotPath(directory, "secondary", 50), 10);
        await using (Journal recovered = await Journal.OpenAsync(Options(directory)))
        {
            Assert.Equal(50, recovered.DurableStatus.RecoveredSnapshotSequence);
            Assert.Equal(live, SnapshotAccess.Capture(recovered));
            Assert.Contains(recovered.DurableStatus.Log.RepairRecords, r => r.Kind == RepairKind.SnapshotRewritten && r.Copy == "secondary" && r.File!.EndsWith("snap-00000000000000000050.snap", StringComparison.Ordinal));
        }

        Assert.Equal(intact, await File.ReadAllBytesAsync(SnapshotPath(directory, "secondary", 50)));

        // Deleted from the primary: the same.
        File.Delete(SnapshotPath(directory, "primary", 50));
        await using (Journal recovered = await Journal.OpenAsync(Options(directory)))
        {
            Assert.Equal(50, recovered.DurableStatus.RecoveredSnapshotSequence);
            Assert.Equal(live, SnapshotAccess.Capture(recovered));
        }

        Assert.Equal(intact, await File.ReadAllBytesAsync(SnapshotPath(directory, "primary", 50)));
    }

    [Fact]
    public async Task A_snapshot_of_another_log_is_ignored_and_never_stands_in_for_a_missing_start()
    {
        using var mine = new TemporaryDirectory();
        using var other = new TemporaryDirectory();
        await using (Journal journal = await Journal.OpenAsync(Options(other)))
        {
            await Fill(journal, 40, snapshotAt: 40);
        }

        byte[] live;
        await using (Journal journal = await Journal.OpenAsync(Options(mine)))
        {
            await Fill(journal, 20, snapshotAt: 1000);
            live = SnapshotAccess.Capture(journal);
        }

        foreach (string copy in new[] { "primary", "secondary" })
        {
            File.Copy(SnapshotPath(other, copy, 40), SnapshotPath(mine, copy, 40));
        }

        await using (Journal recovered = await Journal.OpenAsync(Options(mine)))
        {
            Assert.Equal(0, recovered.DurableStatus.RecoveredSnapshotSequence);
            Assert.Equal(20, recovered.DurableStatus.ReplayedRecords);
            Assert.Equal(live, SnapshotAccess.Capture(recovered));
            Assert.Contains(recovered.DurableStatus.Log.RepairRecords, r => r.Kind == RepairKind.SnapshotSetAside && r.File == "snap-00000000000000000040.snap" && r.Reason.StartsWith("it belongs to another log", StringComparison.Ordinal));
        }

        // Without segment 1, the foreign snapshot does not make the log's start optional.
        foreach (string copy in new[] { "primary", "secondary" })
        {
            File.Delete(Path.Combine(mine.Path, copy, "wal-000000000001.seg"));
        }

        LogCorruptException refused = await Assert.ThrowsAsync<LogCorruptException>(async () => await Journal.OpenAsync(Options(mine)));
        Assert.Contains("Segment 1 is missing from every copy", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_that_ends_before_the_newest_snapshot_is_refused_with_what_is_missing()
    {
        using var directory = new TemporaryDirectory();
        await RollBackBehindTheNewestSnapshot(directory);
        LogCorruptException refused = await Assert.ThrowsAsync<LogCorruptException>(async () => await Journal.OpenAsync(Options(directory)));
        Assert.Contains("The log ends at record 30, but snapshot snap-00000000000000000120.snap covers records up to 120: records 31..120 are missing", refused.Message, StringComparison.Ordinal);
        Assert.Equal(31, refused.Sequence);
    }

    [Fact]
    public async Task A_log_rolled_back_behind_a_retirement_is_refused_naming_the_missing_segment()
    {
        using var directory = new TemporaryDirectory();
        DurableStoreStatus beforeRollBack = await RollBackToRecord30(directory, secondSnapshotAt: 40);
        Assert.True(beforeRollBack.Log.RetiredSegmentCount > 0);
        LogCorruptException refused = await Assert.ThrowsAsync<LogCorruptException>(async () => await Journal.OpenAsync(Options(directory)));
        Assert.Matches(@"Segment \d+ is missing from every copy, so the start of the log is gone; refusing to open\. \(Earlier segments were retired behind a snapshot that needs this one\.\)", refused.Message);

    }

    [Fact]
    public async Task A_snapshot_that_cannot_be_written_fails_with_a_typed_error_and_the_store_goes_on()
    {
        var machine = new SimulatedMachine(seed: 11);
        byte[] live;
        await using (Journal journal = await Journal.OpenAsync(machine.Options(o => o.Snapshots = SnapshotPolicy.Manual)))
        {
            for (int i = 0; i < 20; i++)
            {
                await journal.AppendAsync(i);
            }

            Assert.Equal(20, await journal.SnapshotAsync());
            foreach (SimulatedFaultKind kind in new[] { SimulatedFaultKind.WriteError, SimulatedFaultKind.SyncError, SimulatedFaultKind.NoSpace, SimulatedFaultKind.ShortWrite })
            {
                await journal.AppendAsync(99);
                SimulatedDisk disk = kind == SimulatedFaultKind.SyncError ? machine.Primary : machine.Secondary;
                disk.InjectFault(new SimulatedFault(kind, pathContains: "snap-"));
                DurableSnapshotException failed = await Assert.ThrowsAsync<DurableSnapshotException>(() => journal.SnapshotAsync());
                Assert.Contains("could not be made durable and verified in every copy", failed.Message, StringComparison.Ordinal);
                Assert.Contains("the log keeps every record it had", failed.Message, StringComparison.Ordinal);
                disk.ClearFaults();
                Assert.False(journal.DurableStatus.IsFaulted);
                Assert.Equal(20, journal.DurableStatus.SnapshotSequence);
            }

            Assert.Equal(25, await journal.AppendAsync(7));
            live = SnapshotAccess.Capture(journal);
        }

        // The last failure hit the secondary after the primary's copy was durable and verified: that copy is a valid
        // snapshot of this history, so recovery uses it and rewrites the secondary's.
        await using Journal recovered = await Journal.OpenAsync(machine.Options(o => o.Snapshots = SnapshotPolicy.Manual));
        Assert.Equal(24, recovered.DurableStatus.RecoveredSnapshotSequence);
        Assert.Contains(recovered.DurableStatus.Log.RepairRecords, r => r.Kind == RepairKind.SnapshotRewritten && r.Copy == "secondary" && r.File!.EndsWith("snap-00000000000000000024.snap", StringComparison.Ordinal));
        Assert.Equal(live, SnapshotAccess.Capture(recovered));
    }

    [Fact]
    public async Task A_snapshot_delete_that_fails_retires_nothing_and_every_acknowledged_record_reopens()
    {
        var machine = new SimulatedMachine(seed: 5);
        DurableOptions SimulatedOptions() => machine.Options(o =>
        {
            o.Log.SegmentSize = 64 << 10;
            o.Snapshots = SnapshotPolicy.Manual;
        });
        byte[] live;
        await using (Journal journal = await Journal.OpenAsync(SimulatedOptions()))
        {
            Assert.Equal([30L, 60L], await Fill(journal, 60, snapshotAt: 30));
            long retired = journal.DurableStatus.Log.RetiredSegmentCount;

            // From now on the secondary refuses to delete snapshot files: snap-30 survives there.
            var refuseDeletes = new SimulatedFault(SimulatedFaultKind.DeleteError, persistent: true, pathContains: "snap-");
            machine.Secondary.InjectFault(refuseDeletes);
            Assert.Equal([90L, 120L], await Fill(journal, 60, snapshotAt: 30));
            Assert.True(refuseDeletes.Triggered > 0);
            Assert.Equal(retired, journal.DurableStatus.Log.RetiredSegmentCount);
            live = SnapshotAccess.Capture(journal);
        }

        await using (Journal recovered = await Journal.OpenAsync(SimulatedOptions()))
        {
            Assert.Equal(120, recovered.DurableStatus.RecoveredSnapshotSequence);
            Assert.Equal(120, recovered.Read(j => j.Count));
            Assert.Equal(live, SnapshotAccess.Capture(recovered));
            Assert.Contains(recovered.DurableStatus.Log.RepairRecords, r => r.Kind == RepairKind.SnapshotSetAside && r.File == "snap-00000000000000000030.snap");

            // Deletes work again: the next snapshot deletes and retires what was held back.
            machine.Secondary.ClearFaults();
            Assert.Equal([150L], await Fill(recovered, 30, snapshotAt: 30));
            Assert.True(recovered.DurableStatus.Log.RetiredSegmentCount > 0);
            live = SnapshotAccess.Capture(recovered);
        }

        await using Journal again = await Journal.OpenAsync(SimulatedOptions());
        Assert.Equal(150, again.DurableStatus.RecoveredSnapshotSequence);
        Assert.Equal(live, SnapshotAccess.Capture(again));
    }

    [Fact]
    public async Task A_stray_older_snapshot_never_pulls_the_start_of_the_log_below_a_retired_segment()
    {
        using var directory = new TemporaryDirectory();
        string saved = Path.Combine(directory.Path, "saved");
        Directory.CreateDirectory(saved);
        byte[] live;
        await using (Journal journal = await Journal.OpenAsync(Options(directory)))
        {
            await Fill(journal, 30, snapshotAt: 30);
            File.Copy(SnapshotPath(directory, "secondary", 30), Path.Combine(saved, "snap-30"));
            Assert.Equal([60L, 90L, 120L], await Fill(journal, 90, snapshotAt: 30));
            Assert.True(journal.DurableStatus.Log.RetiredSegmentCount > 0);
            live = SnapshotAccess.Capture(journal);
        }

        // The old snapshot comes back in one copy (a delete that did not hold, a restore from a backup).
        File.Copy(Path.Combine(saved, "snap-30"), SnapshotPath(directory, "secondary", 30));
        await using (Journal recovered = await Journal.OpenAsync(Options(directory)))
        {
            Assert.Equal(120, recovered.DurableStatus.RecoveredSnapshotSequence);
            Assert.Equal(live, SnapshotAccess.Capture(recovered));
            Assert.Contains(recovered.DurableStatus.Log.RepairRecords, r => r.Kind == RepairKind.SnapshotSetAside && r.File == "snap-00000000000000000030.snap");
        }

        Assert.False(File.Exists(SnapshotPath(directory, "secondary", 30)));
    }

    [Fact]
    public async Task An_open_refused_for_a_log_that_ends_before_the_snapshot_changes_no_byte_on_disk()
    {
        using var directory = new TemporaryDirectory();
        await RollBackBehindTheNewestSnapshot(directory);

        // And damage recovery would repair: the secondary lacks every segment file.
        foreach (string segment in Directory.GetFiles(Path.Combine(directory.Path, "secondary"), "wal-*.seg"))
        {
            File.Delete(segment);
        }

        Dictionary<string, byte[]> before = LogBytes(directory.Path);
        LogCorruptException refused = await Assert.ThrowsAsync<LogCorruptException>(async () => await Journal.OpenAsync(Options(directory)));
        Assert.Contains("The log ends at record 30, but snapshot snap-00000000000000000120.snap covers records up to 120", refused.Message, StringComparison.Ordinal);
        AssertSameBytes(before, LogBytes(directory.Path));
    }

    [Fact]
    public async Task With_AcceptDataLoss_snapshots_of_another_history_never_leave_the_initial_state_before_the_log()
    {
        using var directory = new TemporaryDirectory();
        string atThirty = Path.Combine(directory.Path, "at-30");
        string otherHistory = Path.Combine(directory.Path, "other-history");
        DurableOptions Lossy() => directory.Options(o =>
        {
            o.Log.SegmentSize = 64 << 10;
            o.Log.RecoveryMode = LogRecoveryMode.AcceptDataLoss;
            o.Snapshots = SnapshotPolicy.Manual;
        });
        await using (Journal journal = await Journal.OpenAsync(Options(directory)))
        {
            await Fill(journal, 30, snapshotAt: 1000);
        }

        CopyLogDirectories(directory.Path, atThirty, into: false);
        await using (Journal journal = await Journal.OpenAsync(Options(directory)))
        {
            Assert.Equal([40L, 80L, 120L], await Fill(journal, 90, snapshotAt: 40));
            Assert.True(journal.DurableStatus.Log.RetiredSegmentCount > 0);
        }

        CopyLogDirectories(directory.Path, otherHistory, into: false);

        // Back to record 30, and another history from there (different records 31..130), without snapshots.
        CopyLogDirectories(directory.Path, atThirty, into: true);
        byte[] live;
        await using (Journal journal = await Journal.OpenAsync(Options(directory)))
        {
            for (int i = 0; i < 100; i++)
            {
                await journal.NoteAsync("other " + i);
            }

            live = SnapshotAccess.Capture(journal);
        }

        // The first history's snapshots (which name a start segment after segment 1) land in this log.
        foreach (string copy in new[] { "primary", "secondary" })
        {
            foreach (long sequence in new long[] { 80, 120 })
            {
                File.Copy(Path.Combine(otherHistory, copy, Path.GetFileName(SnapshotPath(directory, copy, sequence))), SnapshotPath(directory, copy, sequence));
            }
        }

        // Without segment 1, nothing can rebuild the state before those snapshots' start: refused, even
        // accepting data loss (records after a gap replayed into the initial state would be a wrong state).
        string segmentOne = Path.Combine(directory.Path, "saved-segment-1");
        Directory.CreateDirectory(segmentOne);
        foreach (string copy in new[] { "primary", "secondary" })
        {
            File.Move(Path.Combine(directory.Path, copy, "wal-000000000001.seg"), Path.Combine(segmentOne, copy));
        }

        Dictionary<string, byte[]> before = LogBytes(directory.Path);
        LogCorruptException refused = await Assert.ThrowsAsync<LogCorruptException>(async () => await Journal.OpenAsync(Lossy()));
        Assert.Contains("segment 1", refused.Message, StringComparison.OrdinalIgnoreCase);
        AssertSameBytes(before, LogBytes(directory.Path));

        // With segment 1 there, recovery scans the log from its real start and replays all of it.
        foreach (string copy in new[] { "primary", "secondary" })
        {
            File.Move(Path.Combine(segmentOne, copy), Path.Combine(directory.Path, copy, "wal-000000000001.seg"));
        }

        await using Journal recovered = await Journal.OpenAsync(Lossy());
        Assert.Equal(0, recovered.DurableStatus.RecoveredSnapshotSequence);
        Assert.Equal(130, recovered.DurableStatus.ReplayedRecords);
        Assert.Equal(live, SnapshotAccess.Capture(recovered));
        Assert.Contains(recovered.DurableStatus.Log.RepairRecords, r => r.File == "snap-00000000000000000120.snap");
    }

    [Fact]
    public async Task A_snapshot_repair_at_open_that_does_not_read_back_is_a_typed_error_naming_copy_and_file()
    {
        var machine = new SimulatedMachine(seed: 13);
        DurableOptions SimulatedOptions() => machine.Options(o => o.Snapshots = SnapshotPolicy.Manual);
        await using (Journal journal = await Journal.OpenAsync(SimulatedOptions()))
        {
            for (int i = 0; i < 20; i++)
            {
                await journal.AppendAsync(i);
            }

            // The primary's copy is durable and verified; the secondary's write fails: recovery rewrites it.
            machine.Secondary.InjectFault(new SimulatedFault(SimulatedFaultKind.NoSpace, pathContains: "snap-"));
            await Assert.ThrowsAsync<DurableSnapshotException>(() => journal.SnapshotAsync());
        }

        // The rewrite at open does not read back.
        machine.Secondary.InjectFault(new SimulatedFault(SimulatedFaultKind.ReadError, pathContains: "snap-"));
        LogIoException failed = await Assert.ThrowsAsync<LogIoException>(async () => await Journal.OpenAsync(SimulatedOptions()));
        Assert.Equal("secondary", failed.Copy);
        Assert.EndsWith("snap-00000000000000000020.snap", failed.FilePath, StringComparison.Ordinal);
        Assert.Contains("does not read back as written", failed.Message, StringComparison.Ordinal);

        // The disk reads again: the copy written before the failed read-back verifies now (or is rewritten).
        machine.Secondary.ClearFaults();
        await using Journal recovered = await Journal.OpenAsync(SimulatedOptions());
        Assert.Equal(20, recovered.DurableStatus.RecoveredSnapshotSequence);
        Assert.Equal(20, recovered.Read(j => j.Count));
    }

    private static void FlipByte(string path, long offset)
    {
        using FileStream file = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        int value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0x5A));
    }

    /// <summary>Saves or restores a copy's log files: its segments and its clean-close record, as they were together.</summary>
    private static void CopySegments(string root, string saved, bool into)
    {
        foreach (string copy in new[] { "primary", "secondary" })
        {
            string live = Path.Combine(root, copy);
            string store = Path.Combine(saved, copy);
            Directory.CreateDirectory(store);
            if (into)
            {
                foreach (string file in LogFiles(live))
                {
                    File.Delete(file);
                }
            }

            foreach (string file in LogFiles(into ? store : live))
            {
                File.Copy(file, Path.Combine(into ? live : store, Path.GetFileName(file)), overwrite: true);
            }
        }
    }

    /// <summary>Every file of both copies but the lock, by path, with its bytes.</summary>
    private static Dictionary<string, byte[]> LogBytes(string root) =>
        new[] { "primary", "secondary" }
            .SelectMany(copy => Directory.GetFiles(Path.Combine(root, copy)))
            .Where(file => Path.GetFileName(file) != "durably.lock")
            .ToDictionary(file => file, File.ReadAllBytes, StringComparer.Ordinal);

    private static void AssertSameBytes(Dictionary<string, byte[]> before, Dictionary<string, byte[]> after)
    {
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        foreach ((string file, byte[] bytes) in before)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(after[file]), file + " changed");
        }
    }

    /// <summary>Saves or restores every file of both copies but the lock (segments, snapshots, clean-close record).</summary>
    private static void CopyLogDirectories(string root, string saved, bool into)
    {
        foreach (string copy in new[] { "primary", "secondary" })
        {
            string live = Path.Combine(root, copy);
            string store = Path.Combine(saved, copy);
            Directory.CreateDirectory(store);
            foreach (string file in Directory.GetFiles(into ? live : store).Where(f => Path.GetFileName(f) != "durably.lock"))
            {
                File.Delete(file);
            }

            foreach (string file in Directory.GetFiles(into ? store : live).Where(f => Path.GetFileName(f) != "durably.lock"))
            {
                File.Copy(file, Path.Combine(into ? live : store, Path.GetFileName(file)));
            }
        }
    }

    private static IEnumerable<string> LogFiles(string directory) =>
        Directory.GetFiles(directory, "wal-*.seg").Concat(Directory.GetFiles(directory, "durably.end"));

    /// <summary>
    /// Snapshots at 30 and at 120 (nothing retired yet), then puts back the segments as they were
    /// at record 30: the log now ends before the newest snapshot.
    /// </summary>
    private static async Task RollBackBehindTheNewestSnapshot(TemporaryDirectory directory)
    {
        DurableStoreStatus beforeRollBack = await RollBackToRecord30(directory, secondSnapshotAt: 120);
        Assert.Equal(120, beforeRollBack.SnapshotSequence);
    }

    /// <summary>
    /// 30 records with a snapshot at 30, the segments saved; 90 more with a snapshot at
    /// <paramref name="secondSnapshotAt"/>; then the saved segments put back. Returns the status
    /// the state had before it was closed and rolled back.
    /// </summary>
    private static async Task<DurableStoreStatus> RollBackToRecord30(TemporaryDirectory directory, int secondSnapshotAt)
    {
        string saved = Path.Combine(directory.Path, "saved");
        await using (Journal journal = await Journal.OpenAsync(Options(directory)))
        {
            await Fill(journal, 30, snapshotAt: 30);
        }

        CopySegments(directory.Path, saved, into: false);
        DurableStoreStatus status;
        await using (Journal journal = await Journal.OpenAsync(Options(directory)))
        {
            await Fill(journal, 90, snapshotAt: secondSnapshotAt);
            status = journal.DurableStatus;
        }

        CopySegments(directory.Path, saved, into: true);
        return status;
    }
}
