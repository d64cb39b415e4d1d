using Durably.IO;
using Durably.IO.Linux;
using Durably.Storage;
using Durably.Storage.Format;
using Durably.Storage.Reading;
using Durably.Storage.Recovery;
using Durably.Storage.Writing;

namespace Durably.Tool.Inspection;

/// <summary>
/// Scans a log exactly as recovery does (every frame of every copy, position by position) but
/// read-only: no lock, no fsync, no repair, nothing created or deleted. The result is what
/// recovery would do if the log were opened now.
/// </summary>
internal sealed class LogInspection
{
    private LogInspection(LogLocation location, RecoveryPlan plan, IReadOnlyList<string> findings, IReadOnlyList<LockHolder> holders)
    {
        Location = location;
        Plan = plan;
        Findings = findings;
        Holders = holders;
    }


    internal LogLocation Location { get; }

    internal IReadOnlyList<LockHolder> Holders { get; }

    internal bool IsOpenElsewhere => Holders.Count > 0;

    internal bool IsLog => !Plan.IsNewLog;

    internal RecoveryPlan Plan { get; }

    /// <summary>What recovery would repair, cut or delete if the log were opened now (empty: nothing).</summary>
    internal IReadOnlyList<string> Findings { get; }

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
            RecoveryPlan plan = Scan(location, LogRecoveryMode.Strict);
            return new LogInspection(location, plan, RecoveryFindings.Describe(plan, location.Copies), holders);
        }

        // A live log grows while it is scanned: the scan can read a frame's place before the writer
        // fills it and the frames after it once they are written, which looks like a record lost in
        // every copy; the end of one copy can be a frame ahead of the other. Two scans in a row tell
        // them apart: damage is found again at the same place, the moving end is not. So a live log
        // is scanned twice (accepting the apparent loss, so that each scan runs to its end), and
        // only what both scans found counts.
        RecoveryPlan first = Scan(location, LogRecoveryMode.AcceptDataLoss);
        RecoveryPlan second = Scan(location, LogRecoveryMode.AcceptDataLoss);
        RepairRecord? loss = first.Records.Intersect(second.Records)
            .FirstOrDefault(record => record.Kind == RepairKind.DataLossAccepted);
        if (loss is not null)
        {
            // The scan accepted the loss only to run to its end; say what recovery would do instead.
            throw new LogCorruptException(loss.Reason.Replace(" the log is truncated before that record.", string.Empty, StringComparison.Ordinal)
                + " Recovery would refuse to open the log.");
        }

        (uint endSegment, long endOffset) = (first.EndSegment, first.EndOffset).CompareTo((second.EndSegment, second.EndOffset)) <= 0
            ? (first.EndSegment, first.EndOffset)
            : (second.EndSegment, second.EndOffset);
        var stable = RecoveryFindings.DescribeBefore(first, location.Copies, endSegment, endOffset)
            .Intersect(RecoveryFindings.DescribeBefore(second, location.Copies, endSegment, endOffset), StringComparer.Ordinal)
            .ToList();
        return new LogInspection(location, second, stable, holders);
    }

    private static RecoveryPlan Scan(LogLocation location, LogRecoveryMode mode)
    {
        using var scan = new RecoveryScan(new LinuxFileSystem(), location.Copies, mode, direct: true, LogFormat.DefaultAlignment);
        return scan.Run(syncFirst: false);
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

    /// <summary>The first sequence number the log holds (0 when it holds none).</summary>
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
}
