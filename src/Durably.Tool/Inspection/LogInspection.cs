using System.Globalization;
using Durably.IO;
using Durably.IO.Linux;
using Durably.Storage;
using Durably.Storage.Format;
using Durably.Storage.Reading;
using Durably.Storage.Recovery;
using Durably.Storage.Snapshots;
using Durably.Storage.Writing;

namespace Durably.Tool.Inspection;

/// <summary>
/// Scans a log exactly as recovery does (the snapshot files of every copy, which say where the
/// log starts once segments were retired behind them, then every frame of every copy, position by
/// position) but read-only: no lock, no fsync, no repair, nothing created, renamed or deleted. The
/// result is what recovery would do if the log were opened now.
/// </summary>
internal sealed class LogInspection
{
    /// <summary>How often a live log is scanned again when snapshots were written or segments retired during a scan.</summary>
    private const int LiveScanAttempts = 5;

    private LogInspection(
        LogLocation location,
        RecoveryPlan plan,
        IReadOnlyList<string> findings,
        IReadOnlyList<LockHolder> holders,
        IReadOnlyList<SnapshotState> snapshots)
    {
        Location = location;
        Plan = plan;
        Findings = findings;
        Holders = holders;
        Snapshots = snapshots;
    }

    internal LogLocation Location { get; }

    internal IReadOnlyList<LockHolder> Holders { get; }

    internal bool IsOpenElsewhere => Holders.Count > 0;

    internal bool IsLog => !Plan.IsNewLog;

    internal RecoveryPlan Plan { get; }

    /// <summary>What recovery would repair, cut, set aside or delete if the log were opened now (empty: nothing).</summary>
    internal IReadOnlyList<string> Findings { get; }

    /// <summary>Every snapshot file of the log, newest first, with what recovery would do with it.</summary>
    internal IReadOnlyList<SnapshotState> Snapshots { get; }

    /// <summary>The snapshot recovery would load (null: it would replay the log from its first record).</summary>
    internal SnapshotState? LoadedSnapshot => Snapshots.FirstOrDefault(s => s.Use == SnapshotUse.Loaded);

    /// <summary>
    /// Scans the log. Throws <see cref="LogCorruptException"/> when recovery would refuse to open it.
    /// </summary>
    internal static LogInspection Run(LogLocation location)
    {
        foreach (LogCopyLocation copy in location.Copies)
        {
            if (!Directory.Exists(copy.Directory))
            {
                throw new DirectoryNotFoundException($"The {copy.Name} directory {copy.Directory} does not exist.");
            }
        }

        IReadOnlyList<LockHolder> holders = [.. location.Copies.SelectMany(c => LockProbe.Holders(c.Directory))];
        if (holders.Count == 0)
        {
            Scanned scanned = Scan(location, LogRecoveryMode.Strict, live: false);
            IReadOnlyList<string> findings = [.. RecoveryFindings.Describe(scanned.Plan, location.Copies), .. scanned.SnapshotFindings];
            return new LogInspection(location, scanned.Plan, findings, holders, scanned.Snapshots);
        }

        // A live log grows while it is scanned: the scan can read a frame's place before the writer
        // fills it and the frames after it once they are written, which looks like a record lost in
        // every copy; the end of one copy can be a frame ahead of the other. Two scans in a row tell
        // them apart: damage is found again at the same place, the moving end is not. So a live log
        // is scanned twice (accepting the apparent loss, so that each scan runs to its end), and
        // only what both scans found counts.
        Scanned first = ScanLive(location);
        Scanned second = ScanLive(location);
        RepairRecord? loss = first.Plan.Records.Concat(first.SnapshotRecords)
            .Intersect(second.Plan.Records.Concat(second.SnapshotRecords))
            .FirstOrDefault(record => record.Kind == RepairKind.DataLossAccepted);
        if (loss is not null)
        {
            // The scan accepted the loss only to run to its end; say what recovery would do instead.
            throw new LogCorruptException(loss.Reason.Replace(" the log is truncated before that record.", string.Empty, StringComparison.Ordinal)
                + " Recovery would refuse to open the log.");
        }

        (uint endSegment, long endOffset) = (first.Plan.EndSegment, first.Plan.EndOffset).CompareTo((second.Plan.EndSegment, second.Plan.EndOffset)) <= 0
            ? (first.Plan.EndSegment, first.Plan.EndOffset)
            : (second.Plan.EndSegment, second.Plan.EndOffset);
        var stable = RecoveryFindings.DescribeBefore(first.Plan, location.Copies, endSegment, endOffset).Concat(first.SnapshotFindings)
            .Intersect(RecoveryFindings.DescribeBefore(second.Plan, location.Copies, endSegment, endOffset).Concat(second.SnapshotFindings), StringComparer.Ordinal)
            .ToList();
        return new LogInspection(location, second.Plan, stable, holders, second.Snapshots);
    }

    /// <summary>
    /// Scans a live log until no snapshot was written or deleted and no segment retired during the
    /// scan: the snapshots read at its start then still say where the log starts.
    /// </summary>
    private static Scanned ScanLive(LogLocation location)
    {
        for (int attempt = 1; ; attempt++)
        {
            string before = SnapshotsAndStart(location);
            Scanned scanned;
            try
            {
                scanned = Scan(location, LogRecoveryMode.AcceptDataLoss, live: true);
            }
            catch (Exception e) when (attempt < LiveScanAttempts && e is DurableLogException or StorageException or IOException
                && SnapshotsAndStart(location) != before)
            {
                continue;
            }

            if (attempt == LiveScanAttempts || SnapshotsAndStart(location) == before)
            {
                return scanned;
            }
        }
    }

    /// <summary>The snapshot files and the first segment file of every copy: what a snapshot being written or retiring segments changes.</summary>
    private static string SnapshotsAndStart(LogLocation location) =>
        string.Join("|", location.Copies.Select(c =>
        {
            string[] names = [.. Directory.EnumerateFiles(c.Directory).Select(Path.GetFileName).OfType<string>()];
            IEnumerable<string> snapshots = names.Where(n => SnapshotFileName.TryParse(n, out _)).Order(StringComparer.Ordinal);
            uint firstSegment = names.Select(n => SegmentFileName.TryParse(n, out uint number) ? number : uint.MaxValue).DefaultIfEmpty(uint.MaxValue).Min();
            return string.Create(CultureInfo.InvariantCulture, $"{firstSegment}:{string.Join(",", snapshots)}");
        }));

    private static Scanned Scan(LogLocation location, LogRecoveryMode mode, bool live)
    {
        var fileSystem = new LinuxFileSystem();
        IReadOnlyList<LogCopyLocation> copies = location.Copies;
        SnapshotCatalogue? catalogue = null;
        LogStart start = LogStart.Beginning;
        try
        {
            // As recovery: the verified snapshots say where the log starts (segments before it were
            // retired). Read once the log's alignment is known: snapshot files are padded to it.
            LogStart ChooseStart(LogId logId, int alignment, Func<uint, bool> present)
            {
                catalogue = SnapshotCatalogue.Load(fileSystem, copies, alignment, syncFirst: false);
                start = catalogue.StartFor(logId, present);
                return start;
            }

            RecoveryPlan plan;
            try
            {
                using var scan = new RecoveryScan(fileSystem, copies, mode, direct: true, LogFormat.DefaultAlignment, ChooseStart);
                plan = scan.Run(syncFirst: false);
            }
            catch (LogCorruptException refusal) when (catalogue is not null)
            {
                // As recovery says it: the start is gone because the snapshots that would have let the log begin later are damaged.
                throw catalogue.ExplainMissingStart(fileSystem, copies, start.Segment, refusal);
            }

            if (plan.IsNewLog)
            {
                RefuseSnapshotsWithoutSegments(copies);
                return new Scanned(plan, [], [], []);
            }

            if (catalogue is null)
            {
                throw new InvalidOperationException("The scan identified the log without asking where it starts.");
            }

            // Strict even on a live log: the snapshots a scan read are durable and cover durable records only.
            SnapshotSelection decided = SnapshotRecovery.Choose(fileSystem, copies, catalogue, plan, LogRecoveryMode.Strict);
            List<RepairRecord> snapshotRecords = [.. decided.Records, .. SnapshotRecovery.PlannedRewrites(copies, decided)];
            List<string> findings = [.. snapshotRecords.Select(r => r.ToString())];
            if (!live)
            {
                // On a live log a temporary is a snapshot being written, not a leftover.
                findings.AddRange(catalogue.Temporaries.Select(t => $"{copies[t.Copy].Name}: delete {t.FileName} (a snapshot a crash left half written)."));
            }

            return new Scanned(plan, Describe(copies, catalogue, decided), snapshotRecords, findings);
        }
        finally
        {
            catalogue?.Dispose();
        }
    }

    /// <summary>Recovery refuses to create a new log over snapshot files: the log behind them is gone.</summary>
    private static void RefuseSnapshotsWithoutSegments(IReadOnlyList<LogCopyLocation> copies)
    {
        string[] found = [.. copies.SelectMany(c => Directory.EnumerateFiles(c.Directory)
            .Where(f => SnapshotFileName.TryParse(Path.GetFileName(f), out _)))];
        if (found.Length > 0)
        {
            throw new LogCorruptException(
                "The log directories hold snapshot files but no segment file: the log behind the snapshots is gone, and recovery would refuse to "
                + "create a new log over them. Restore the segment files, or move the snapshot files away to start an empty log. Snapshot files: "
                + string.Join(", ", found) + ".");
        }
    }

    private static List<SnapshotState> Describe(IReadOnlyList<LogCopyLocation> copies, SnapshotCatalogue catalogue, SnapshotSelection decided)
    {
        var states = new List<SnapshotState>();
        IEnumerable<(long Sequence, string?[] Problems, uint StartSegment)> all = catalogue.Candidates
            .Select(c => (c.Sequence, c.CopyProblems, c.Image.Header.StartSegment))
            .Concat(catalogue.Unusable.Select(u => (u.Sequence, u.CopyProblems, 0u)))
            .OrderByDescending(s => s.Sequence);
        foreach ((long sequence, string?[] problems, uint startSegment) in all)
        {
            string name = SnapshotFileName.For(sequence);
            SnapshotCopyState[] copyStates = [.. copies.Select(c =>
            {
                string path = c.PathOf(name);
                long bytes = File.Exists(path) ? new FileInfo(path).Length : -1;
                return new SnapshotCopyState(c.Name, path, bytes, bytes < 0 ? "missing" : problems[c.Index]);
            })];
            SnapshotUse use = decided.Kept.Count > 0 && decided.Kept[0].Sequence == sequence ? SnapshotUse.Loaded
                : decided.Kept.Count > 1 && decided.Kept[1].Sequence == sequence ? SnapshotUse.Fallback
                : decided.SetAside.Contains(sequence) ? SnapshotUse.SetAside
                : SnapshotUse.Unused;
            states.Add(new SnapshotState(sequence, name, copyStates, startSegment, use));
        }

        return states;
    }

    /// <summary>
    /// The records from <paramref name="from"/> to <paramref name="to"/> (at most the last one the scan
    /// found), read and validated frame by frame, falling back to the other copy where one does not check out.
    /// </summary>
    internal IEnumerable<LogRecord> ReadRecords(long from, long to)
    {
        var reader = new LogReader(new LinuxFileSystem(), Location.Copies, Plan.LogId, Plan.Alignment, direct: true);
        IndexedSegment[] segments = [.. Plan.Segments
            .Where(s => s.FirstSequence > 0)
            .Select(s => new IndexedSegment(s.Number, s.Size, s.FirstSequence, s.ChainBefore))];
        return reader.Read(from, Math.Min(to, Plan.LastSequence), segments);
    }

    /// <summary>
    /// The first sequence number the log holds: 1, or after segments were retired behind snapshots
    /// the first record of the first segment kept (0 when it holds none).
    /// </summary>
    internal long FirstSequence => Plan.Segments.Where(s => s.FirstSequence > 0).Select(s => s.FirstSequence).DefaultIfEmpty(0).Min();

    /// <summary>Bytes of every file in the log's directories, per copy.</summary>
    internal IReadOnlyList<(string Copy, long Bytes, int Files)> SizeOnDisk() =>
        [.. Location.Copies.Select(c =>
        {
            FileInfo[] files = new DirectoryInfo(c.Directory).GetFiles();
            return (c.Name, files.Sum(f => f.Length), files.Length);
        })];

    /// <summary>The engine this machine would choose for the log (the engine is chosen by each opening process, not recorded on disk).</summary>
    internal static (string Name, string Reason) EngineHere()
    {
        try
        {
            (IoEngine engine, string reason, _) = IoEngineSelection.Choose(new LogOptions());
            using (engine)
            {
                return (engine.Name, reason);
            }
        }
        catch (Exception e) when (e is PlatformNotSupportedException or StorageException)
        {
            return ("none", e.Message);
        }
    }

    /// <summary>One scan: the recovery plan of the log, its snapshots, and what recovery would do with them.</summary>
    private sealed record Scanned(RecoveryPlan Plan, IReadOnlyList<SnapshotState> Snapshots, IReadOnlyList<RepairRecord> SnapshotRecords, IReadOnlyList<string> SnapshotFindings);
}
