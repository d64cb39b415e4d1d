using System.Globalization;
using Durably.Storage.Format;
using Durably.Storage.Snapshots;
using Durably.Storage.Tests.Simulation;
using Durably.Testing;

namespace Durably.Storage.Tests.Campaign;

/// <summary>
/// One seed of the deterministic fault campaign (manual scheduling: no threads, so a seed
/// replays exactly). Cycles of: recover (maybe crashing during recovery) → check every
/// acknowledged record is there, in order, byte-identical, and nothing damaged or invented is →
/// reopen and check the second recovery changes nothing → run waves of concurrent appends with
/// fail-stop faults on either disk, at-rest damage (bit flips, latent sector errors, misdirected
/// writes) on one disk only, full disks and a crash at a random operation.
/// </summary>
internal sealed class FaultCampaign
{
    private static readonly SimulatedFaultKind[] FailStopKinds =
    [
        SimulatedFaultKind.WriteError,
        SimulatedFaultKind.SyncError,
        SimulatedFaultKind.NoSpace,
        SimulatedFaultKind.ShortWrite,
        SimulatedFaultKind.ReadError,
    ];

    private readonly int _seed;
    private readonly Random _random;
    private readonly SimulatedLogFixture _sim;
    private readonly CampaignModel _model = new();
    private readonly CampaignReport _report = new() { Seeds = 1 };
    private readonly List<string> _events = [];
    private readonly List<(ValueTask<long> Append, byte[] Record)> _inflight = [];
    private List<byte[]> _state = [];
    private bool _snapshotDamagedInBothCopies;
    private bool _crashScheduled;
    private bool _readFaultThisRound;

    private FaultCampaign(int seed)
    {
        _seed = seed;
        _random = new Random(seed);
        _sim = new SimulatedLogFixture(seed)
        {
            SegmentSize = (8 << 10) << _random.Next(3),
            Verify = _random.Next(5) != 0,
            Ordering = _random.Next(4) == 0 ? LogCopyOrdering.Sequential : LogCopyOrdering.Parallel,

            // The three ways a frame is made durable, by seed: O_DSYNC writes chained to fdatasync (the
            // default), fdatasync alone (O_DSYNC off), and O_DSYNC writes alone (no fdatasync).
            SyncAfterWrite = seed % 3 != 2,
            DataSync = seed % 3 != 1,
        };
    }

    /// <summary>The events of the last run, for reproducing a failure.</summary>
    internal IReadOnlyList<string> Events => _events;

    /// <summary>Runs one seed; throws <see cref="CampaignFailure"/> naming the seed if an invariant breaks.</summary>
    internal static CampaignReport Run(int seed) => Run(seed, out _);

    internal static CampaignReport Run(int seed, out IReadOnlyList<string> events)
    {
        var campaign = new FaultCampaign(seed);
        events = campaign.Events;
        try
        {
            campaign.RunCycles();
            return campaign._report;
        }
        catch (Exception e)
        {
            // Whatever broke, the report must name the seed that reproduces it.
            throw new CampaignFailure(
                $"Seed {seed} failed: {e.GetType().Name}: {e.Message}{Environment.NewLine}Last events:{Environment.NewLine}  "
                + string.Join(Environment.NewLine + "  ", campaign._events.TakeLast(40)) + Environment.NewLine + e.StackTrace);
        }
    }

    /// <summary>Counts a crash, and under which of the three ways of making a frame durable it happened.</summary>
    private void CountCrash()
    {
        _report.Crashes++;
        if (!_sim.DataSync)
        {
            _report.CrashesWithFdatasyncAlone++;
        }
        else if (!_sim.SyncAfterWrite)
        {
            _report.CrashesWithDataSyncAlone++;
        }
    }

    private void RunCycles()
    {
        Note($"segment {_sim.SegmentSize}, verify {_sim.Verify}, ordering {_sim.Ordering}, O_DSYNC {_sim.DataSync}, fdatasync {_sim.SyncAfterWrite}");
        int cycles = _random.Next(2, 6);
        for (int cycle = 0; cycle < cycles; cycle++)
        {
            _report.Cycles++;
            DurableLog? log = Recover(crashDuringRecovery: cycle > 0 && _random.Next(4) == 0);
            if (log is null)
            {
                continue;
            }

            RunWorkload(log);
        }

        DurableLog final = Recover(crashDuringRecovery: false) ?? throw new CampaignFailure("the final recovery crashed without a scheduled crash");
        long lastSequence = final.LastSequence;
        Dispose(final);
        LoseTheEnd(lastSequence);
        _report.RecordsChecked = _model.RecordsChecked;
        _report.Acknowledged = _model.AcknowledgedCount;
        _report.OutcomeUnknown = _model.Unknown;
        _report.RefusedFull = _model.RefusedFull;
    }

    /// <summary>Opens (recovering), checks the model, then checks that a second recovery changes nothing.</summary>
    private DurableLog? Recover(bool crashDuringRecovery)
    {
        int crashes = _sim.Storage.CrashCount;
        if (crashDuringRecovery)
        {
            long at = _random.Next(1, 120);
            _sim.Storage.ScheduleCrash(at);
            Note($"crash scheduled {at} operations into recovery");
        }

        DurableLog log;
        try
        {
            log = _sim.Open();
        }
        catch (Exception e) when (_sim.Storage.CrashCount > crashes && e is IOException)
        {
            CountCrash();
            _report.CrashesDuringRecovery++;
            Note("crashed during recovery: " + e.Message);
            return null;
        }
        finally
        {
            _sim.Storage.CancelScheduledCrash();
        }

        if (_sim.Storage.CrashCount > crashes)
        {
            // The crash hit after open completed but before we cancelled it: the log is dead.
            CountCrash();
            Note("crashed right after recovery");
            Dispose(log);
            return null;
        }

        _model.VerifyRecovered(log);
        if (log.RecoveredSnapshot is { } snapshot)
        {
            _report.RecoveriesFromSnapshots++;
            Note($"recovered from the snapshot at {snapshot.Sequence}");
        }

        Note($"recovered to {log.LastSequence}; repairs: {(log.Status.Repairs.Length == 0 ? "none" : log.Status.Repairs.ReplaceLineEndings(" | "))}");
        if (log.Status.Repairs.Length > 0)
        {
            _report.RecoveriesThatRepaired++;
        }

        Dispose(log);

        // Opening deletes the clean-close record (the close writes it again): compare the rest.
        Dictionary<string, byte[]> before = _sim.Fingerprint();
        before.Remove(SimulatedLogFixture.PrimaryDirectory + "/" + CleanCloseRecord.FileName);
        before.Remove(SimulatedLogFixture.SecondaryDirectory + "/" + CleanCloseRecord.FileName);
        DurableLog again = _sim.Open();
        if (again.Status.Repairs.Length > 0)
        {
            throw new CampaignFailure("the second recovery repaired again: " + again.Status.Repairs);
        }

        Dictionary<string, byte[]> after = _sim.Fingerprint();
        if (before.Count != after.Count || before.Any(f => !after.TryGetValue(f.Key, out byte[]? a) || !a.AsSpan().SequenceEqual(f.Value)))
        {
            throw new CampaignFailure("the second recovery changed files");
        }

        _model.VerifyRecovered(again);
        _state = _model.RecoveredState;
        _report.NoOpRecoveriesChecked++;
        return again;
    }

    private void RunWorkload(DurableLog log)
    {
        int crashes = _sim.Storage.CrashCount;
        _readFaultThisRound = false;
        SimulatedDisk damaged = _random.Next(2) == 0 ? _sim.Primary : _sim.Secondary;
        string damagedDirectory = damaged == _sim.Primary ? SimulatedLogFixture.PrimaryDirectory : SimulatedLogFixture.SecondaryDirectory;
        Note("at-rest damage allowed on " + damaged.MountPath);

        if (_random.Next(3) == 0)
        {
            SimulatedDisk disk = _random.Next(2) == 0 ? _sim.Primary : _sim.Secondary;
            var fault = new SimulatedFault(
                FailStopKinds[_random.Next(FailStopKinds.Length)],
                after: _random.Next(40),
                persistent: _random.Next(4) == 0,
                pathContains: "wal-");
            disk.InjectFault(fault);
            _readFaultThisRound = fault.Kind == SimulatedFaultKind.ReadError;
            _report.FailStopFaultsInjected++;
            Note($"fault on {disk.MountPath}: {fault}");
        }

        if (_random.Next(4) == 0)
        {
            // Lands elsewhere in the same file: only on the disk allowed to be damaged.
            var misdirected = new SimulatedFault(SimulatedFaultKind.MisdirectedWrite, after: _random.Next(30), pathContains: "wal-");
            damaged.InjectFault(misdirected);
            _report.FailStopFaultsInjected++;
            Note($"fault on {damaged.MountPath}: {misdirected}");
        }

        SimulatedDisk? squeezed = null;
        long capacity = 0;
        if (_random.Next(6) == 0)
        {
            squeezed = _random.Next(2) == 0 ? _sim.Primary : _sim.Secondary;
            capacity = squeezed.Capacity;
            squeezed.Capacity = squeezed.UsedBytes + _random.Next((int)_sim.SegmentSize * 2);
            _report.FullDisks++;
            Note($"capacity of {squeezed.MountPath} squeezed to {squeezed.Capacity}");
        }

        _crashScheduled = false;
        if (_random.Next(2) == 0)
        {
            long at = _random.Next(1, 400);
            _crashScheduled = true;
            _sim.Storage.ScheduleCrash(at);
            Note($"crash scheduled {at} operations into the workload");
        }

        int maxRecord = log.Status.MaxRecordSize;
        int steps = _random.Next(5, 50);
        for (int step = 0; step < steps && _sim.Storage.CrashCount == crashes; step++)
        {
            int action = _random.Next(13);
            if (action < 5)
            {
                int wave = _random.Next(1, 16);
                for (int i = 0; i < wave; i++)
                {
                    int length = _random.Next(8) == 0 ? _random.Next(8, maxRecord + 1) : _random.Next(8, 200);
                    byte[] record = _model.NewRecord(_random, length);
                    _model.Attempted(record);
#pragma warning disable CA2012 // Kept to be polled with IsCompleted under manual scheduling and consumed exactly once in Collect.
                    _inflight.Add((log.AppendAsync(record), record));
#pragma warning restore CA2012
                }

                Note($"appended a wave of {wave}");
            }
            else if (action < 8)
            {
                int pumps = _random.Next(1, 4);
                for (int i = 0; i < pumps; i++)
                {
                    _ = log.RunPendingWork();
                }
            }
            else if (action == 8)
            {
                DamageAtRest(damaged, damagedDirectory);
            }
            else if (action == 10)
            {
                TakeSnapshot(log);
            }
            else if (action == 11)
            {
                DamageSnapshot(damaged, damagedDirectory);
            }
            else if (action == 12)
            {
                if (_random.Next(8) == 0)
                {
                    PlantForeignSnapshot(log);
                }
                else
                {
                    TakeSnapshot(log);
                }
            }
            else if (squeezed is not null)
            {
                squeezed.Capacity = capacity;
                Note($"capacity of {squeezed.MountPath} restored");
                squeezed = null;
            }

            Collect();
        }

        bool crashNow = _sim.Storage.CrashCount == crashes && _random.Next(2) == 0;
        if (crashNow)
        {
            _sim.Storage.Crash();
            Note("crash");
        }
        else if (_sim.Storage.CrashCount == crashes)
        {
            // Finish what was accepted before closing cleanly.
            SimulatedLogFixture.Pump(log);
        }

        if (_sim.Storage.CrashCount > crashes)
        {
            CountCrash();
        }

        Note(log.Status.IsFaulted ? "log faulted: " + log.Status.FaultReason : "log not faulted");
        Dispose(log);
        Collect();
        if (_inflight.Count > 0)
        {
            throw new CampaignFailure($"{_inflight.Count} append(s) never completed although the log was disposed");
        }

        foreach (SimulatedDisk disk in _sim.Storage.Disks)
        {
            _report.FaultsTriggered += disk.Faults.Count(f => f.Triggered > 0);
            disk.ClearFaults();
        }

        if (squeezed is not null)
        {
            squeezed.Capacity = capacity;
        }

        _sim.Storage.CancelScheduledCrash();
    }

    /// <summary>
    /// Snapshots the state (every record so far) at the last durable sequence: the records of the
    /// last recovery or snapshot, then what the log holds after them. Sometimes a crash is scheduled
    /// a few operations ahead, so it lands while the snapshot is written, verified, renamed or while
    /// older snapshots and segments are deleted.
    /// </summary>
    private void TakeSnapshot(DurableLog log)
    {
        Collect();
        int crashes = _sim.Storage.CrashCount;
        if (_random.Next(4) == 0 && !_crashScheduled)
        {
            long at = _random.Next(1, 60);
            _crashScheduled = true;
            _sim.Storage.ScheduleCrash(at);
            Note($"crash scheduled {at} operations into a snapshot");
        }

        try
        {
            List<byte[]> records = [.. _state, .. log.ReadFrom(_state.Count + 1).Select(r => r.Payload.ToArray())];
            if (records.Count == 0 || records.Count == log.Status.SnapshotSequence)
            {
                return;
            }

            log.WriteSnapshot(records.Count, CampaignModel.EncodeState(records));
            _state = records;
            _report.SnapshotsWritten++;
            Note($"snapshot at {records.Count}; retired segments so far {log.Status.RetiredSegmentCount}");
        }
        catch (DurableSnapshotException e)
        {
            _report.SnapshotsFailed++;
            Note("snapshot failed: " + e.Message);
        }
        catch (IOException e) when (_sim.Storage.CrashCount > crashes)
        {
            Note("snapshot interrupted: " + e.Message);
        }
        catch (LogCorruptException e) when (_readFaultThisRound)
        {
            // A read fault on one disk and at-rest damage on the other at the same record: both
            // copies are unreadable there while the process lives, and saying so is the right answer.
            _report.SnapshotsFailed++;
            Note("snapshot not taken: reading the log failed on both copies: " + e.Message);
        }
    }

    /// <summary>
    /// Damages the newest snapshot file at rest: one copy (on the disk allowed to be damaged), or,
    /// once per seed, both copies (recovery must fall back to the previous snapshot and its log).
    /// </summary>
    private void DamageSnapshot(SimulatedDisk disk, string directory)
    {
        string? newest = _sim.Storage.ListFiles(directory).Where(n => SnapshotFileName.TryParse(n, out _)).OrderBy(n => n, StringComparer.Ordinal).LastOrDefault();
        if (newest is null)
        {
            return;
        }

        bool both = !_snapshotDamagedInBothCopies && _random.Next(4) == 0;
        foreach ((SimulatedDisk target, string where) in both
            ? [(_sim.Primary, SimulatedLogFixture.PrimaryDirectory), (_sim.Secondary, SimulatedLogFixture.SecondaryDirectory)]
            : new[] { (disk, directory) })
        {
            string path = where + "/" + newest;
            if (!_sim.Storage.ListFiles(where).Contains(newest))
            {
                continue;
            }

            long offset = _random.NextInt64(_sim.Storage.ReadFile(path).Length);
            if (!both && _random.Next(3) == 0)
            {
                target.AddLatentSectorError(path, offset);
                Note($"latent sector error in snapshot {path} {offset}");
            }
            else
            {
                target.FlipBit(path, offset, _random.Next(8));
                Note($"bit flip in snapshot {path} {offset}");
            }
        }

        _snapshotDamagedInBothCopies |= both;
        _report.SnapshotDamage++;
        _report.SnapshotsDamagedInBothCopies += both ? 1 : 0;
    }

    /// <summary>Writes a valid snapshot of another log, newer than anything here, into both copies: recovery must ignore it.</summary>
    private void PlantForeignSnapshot(DurableLog log)
    {
        long sequence = log.LastSequence + 1 + _random.Next(50);
        var header = new SnapshotHeader(sequence, new LogId((ulong)_random.NextInt64(), (ulong)_random.NextInt64()), (uint)_random.Next(), 1, 1, 0, 0, 0);
        using SnapshotImage image = SnapshotImage.Build(header, CampaignModel.EncodeState([]), log.Status.Alignment);
        try
        {
            using SimulatedEngine engine = _sim.Storage.CreateEngine();
            var fileSystem = engine.FileSystem;
            foreach (LogCopyLocation copy in new[] { new LogCopyLocation(0, "primary", SimulatedLogFixture.PrimaryDirectory), new LogCopyLocation(1, "secondary", SimulatedLogFixture.SecondaryDirectory) })
            {
                SnapshotCopyIo.Write(fileSystem, copy, image, log.Status.Alignment);
            }

            _report.ForeignSnapshots++;
            Note($"planted a snapshot of another log at {sequence}");
        }
        catch (IOException e)
        {
            Note("planting a foreign snapshot failed: " + e.Message);
        }
    }

    /// <summary>
    /// The end-of-log cases, after the final clean close: the last frame damaged identically in
    /// both copies, the newest segment deleted from both (with or without the clean-close record,
    /// i.e. as after a clean close or a crash). Loss of acknowledged records there must be refused,
    /// naming the first lost sequence, without changing a byte; AcceptDataLoss then opens with
    /// every record before it intact. Only a case the log can tell (a clean-close record, or a
    /// segment after the lost one) is drawn; docs/format.md lists what cannot be told apart.
    /// </summary>
    private void LoseTheEnd(long lastSequence)
    {
        if (lastSequence == 0 || _random.Next(2) == 0)
        {
            return;
        }

        (uint segment, long offset, long firstSequence, long segmentFirst) = LastFrame();
        int kind = _random.Next(3);
        if (kind == 0)
        {
            int bit = _random.Next(8);
            long at = offset + _random.Next(LogFormat.FrameHeaderSize);
            _sim.Primary.FlipBit(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, segment), at, bit);
            _sim.Secondary.FlipBit(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, segment), at, bit);
            Note($"end of log: last frame (sequence {firstSequence}) damaged identically in both copies at segment {segment} offset {at}");
        }
        else
        {
            bool spareAfter = _sim.Storage.FileExists(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, segment + 1));
            if ((kind == 2 && !spareAfter) || segment == FirstLiveSegment())
            {
                // The first live segment lost is refused in every mode (the start of the log is gone);
                // after a crash without a spare after it, a lost newest segment cannot be told apart.
                return;
            }

            if (kind == 2)
            {
                _sim.ForgetCleanClose();
            }

            var files = ((IoEngine)_sim.Storage.CreateEngine()).FileSystem;
            foreach (string directory in new[] { SimulatedLogFixture.PrimaryDirectory, SimulatedLogFixture.SecondaryDirectory })
            {
                files.Delete(SimulatedLogFixture.SegmentPath(directory, segment));
                files.SyncDirectory(directory);
            }

            firstSequence = segmentFirst;
            Note($"end of log: segment {segment} (from sequence {segmentFirst}) deleted from both copies{(kind == 2 ? " after a crash" : string.Empty)}");
        }

        _report.EndOfLogLosses++;
        Dictionary<string, byte[]> before = _sim.Fingerprint();
        try
        {
            Dispose(_sim.Open());
            throw new CampaignFailure("the log opened although acknowledged records at its end were lost");
        }
        catch (LogCorruptException e)
        {
            if (e.Sequence != firstSequence)
            {
                throw new CampaignFailure($"the refusal names sequence {e.Sequence}, but the first lost record is {firstSequence}: {e.Message}");
            }
        }

        Dictionary<string, byte[]> after = _sim.Fingerprint();
        if (before.Count != after.Count || before.Any(f => !after.TryGetValue(f.Key, out byte[]? a) || !a.AsSpan().SequenceEqual(f.Value)))
        {
            throw new CampaignFailure("the refused open changed files");
        }

        _sim.RecoveryMode = LogRecoveryMode.AcceptDataLoss;
        DurableLog accepted;
        try
        {
            accepted = _sim.Open();
        }
        catch (LogCorruptException e) when (e.Sequence == firstSequence && e.Message.Contains("the start of the log is gone", StringComparison.Ordinal))
        {
            // The lost segment was the first one the newest usable snapshot needs (the ones before it
            // were retired): nothing after that snapshot can be replayed, so every mode refuses.
            _sim.RecoveryMode = LogRecoveryMode.Strict;
            Note("end of log: AcceptDataLoss refuses too, the lost segment was the start of the live log");
            _report.EndOfLogRefusals++;
            return;
        }
        catch (LogCorruptException e) when (e.Message.Contains("no snapshot of this log's history can be used", StringComparison.Ordinal))
        {
            // The lost records were covered only by snapshots that now reach past the log's end (or
            // verify nowhere), and the segments before them were retired: nothing can rebuild the
            // state before the live log, so every mode refuses (replaying into an empty state would be wrong).
            _sim.RecoveryMode = LogRecoveryMode.Strict;
            Note("end of log: AcceptDataLoss refuses too, no usable snapshot stands in for the retired segments");
            _report.EndOfLogRefusals++;
            return;
        }

        _sim.RecoveryMode = LogRecoveryMode.Strict;
        if (accepted.LastSequence != firstSequence - 1)
        {
            throw new CampaignFailure($"AcceptDataLoss opened at {accepted.LastSequence}, expected {firstSequence - 1}");
        }

        _model.VerifyPrefix(accepted);
        Dispose(accepted);
        _report.EndOfLogRefusals++;
    }

    /// <summary>The lowest segment number in the primary: 1, or the first one not retired behind a snapshot.</summary>
    private uint FirstLiveSegment() =>
        _sim.Storage.ListFiles(SimulatedLogFixture.PrimaryDirectory).Select(n => SegmentFileName.TryParse(n, out uint number) ? number : uint.MaxValue).Min();

    /// <summary>The newest frame of the log: its segment, offset and first sequence, and the first sequence of that segment.</summary>
    private (uint Segment, long Offset, long FirstSequence, long SegmentFirst) LastFrame()
    {
        const int alignment = 512;
        (uint, long, long, long) last = default;
        foreach (string name in _sim.Storage.ListFiles(SimulatedLogFixture.PrimaryDirectory).Order(StringComparer.Ordinal))
        {
            if (!SegmentFileName.TryParse(name, out uint number))
            {
                continue;
            }

            byte[] bytes = _sim.Storage.ReadFile(SimulatedLogFixture.PrimaryDirectory + "/" + name);
            long segmentFirst = -1;
            for (long offset = alignment; offset + LogFormat.FrameHeaderSize <= bytes.Length;)
            {
                ReadOnlySpan<byte> at = bytes.AsSpan((int)offset);
                if (!FrameHeader.HasMagic(at))
                {
                    break;
                }

                FrameHeader header = FrameHeader.Read(at);
                segmentFirst = segmentFirst < 0 ? header.FirstSequence : segmentFirst;
                last = (number, offset, header.FirstSequence, segmentFirst);
                offset += (header.UnpaddedLength + alignment - 1) / alignment * alignment;
            }
        }

        return last;
    }

    private void DamageAtRest(SimulatedDisk disk, string directory)
    {
        List<string> segments = [.. _sim.Storage.ListFiles(directory).Where(n => SegmentFileName.TryParse(n, out _))];
        if (segments.Count == 0)
        {
            return;
        }

        string path = directory + "/" + segments[_random.Next(segments.Count)];
        long length = _sim.Storage.ReadFile(path).Length;
        if (length == 0)
        {
            return;
        }

        long offset = _random.NextInt64(length);
        if (_random.Next(3) == 0)
        {
            disk.AddLatentSectorError(path, offset);
            Note($"latent sector error at {path} {offset}");
        }
        else
        {
            disk.FlipBit(path, offset, _random.Next(8));
            Note($"bit flip at {path} {offset}");
        }

        _report.AtRestDamage++;
    }

    private void Collect()
    {
        for (int i = 0; i < _inflight.Count; i++)
        {
            (ValueTask<long> append, byte[] record) = _inflight[i];
            if (!append.IsCompleted)
            {
                continue;
            }

            _inflight.RemoveAt(i--);
            try
            {
                _model.Acknowledge(append.Result, record);
            }
            catch (LogFaultedException e) when (e.Message.Contains("This record was not written", StringComparison.Ordinal))
            {
                // Refused after the fault: never sequenced, so it must never appear.
                _model.NotAccepted(record);
            }
            catch (LogFaultedException e) when (e.Message.Contains("unknown", StringComparison.Ordinal))
            {
                _model.OutcomeUnknown();
            }
            catch (LogFullException)
            {
                _model.NotAccepted(record);
            }
            catch (ObjectDisposedException)
            {
                _model.NotAccepted(record);
            }
        }
    }

    private static void Dispose(DurableLog log) => log.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void Note(string text) => _events.Add(string.Create(CultureInfo.InvariantCulture, $"[{_events.Count}] {text}"));
}
