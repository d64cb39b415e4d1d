using Durably.IO;
using Durably.Storage.Format;
using Durably.Storage.Snapshots;

namespace Durably.Storage.Recovery;

/// <summary>
/// Reads every copy and decides what the log holds (docs/format.md, "Recovery"), in four jobs:
/// identify the log (<see cref="LogIdentification"/>), merge the copies frame by frame
/// (<see cref="CopyMerge"/>), scan past the end for evidence of loss (<see cref="PastEndScan"/>),
/// and report what is to be repaired as structured records (<see cref="RepairReport"/>).
/// Produces a <see cref="RecoveryPlan"/>; writes nothing. Loss of records that were (or may have
/// been) acknowledged goes through one decision (<see cref="DataLossDecision"/>): refused in
/// <see cref="LogRecoveryMode.Strict"/>, truncated and reported with AcceptDataLoss.
/// </summary>
internal sealed class RecoveryScan : IDisposable
{
    private readonly ScanContext _context;
    private readonly Func<LogId, int, Func<uint, bool>, LogStart>? _chooseStart;

    internal RecoveryScan(
        StorageFileSystem fileSystem,
        IReadOnlyList<LogCopyLocation> copies,
        LogRecoveryMode mode,
        bool direct,
        int deviceAlignment,
        Func<LogId, int, Func<uint, bool>, LogStart>? chooseStart = null)
    {
        _context = new ScanContext(fileSystem, copies, mode, direct, deviceAlignment);
        _chooseStart = chooseStart;
    }

    /// <summary>
    /// Runs the scan. When <paramref name="syncFirst"/> is set, every segment file and directory
    /// is fsynced first, so the decision rests on what is durable rather than on cached writes
    /// of a process that died.
    /// </summary>
    internal RecoveryPlan Run(bool syncFirst)
    {
        _context.TakeInventory();
        if (syncFirst)
        {
            SyncEverything();
        }

        if (_context.MaxSegment == 0)
        {
            if (CleanCloseFiles.Read(_context.FileSystem, _context.Copies, null) is { LastSequence: > 0 } closed)
            {
                _context.Loss.RefuseOrAccept(
                    string.Create(
                        System.Globalization.CultureInfo.InvariantCulture,
                        $"No copy holds any segment file, but the log was closed cleanly at sequence {closed.LastSequence} "
                        + $"(log {closed.LogId}, recorded in {CleanCloseRecord.FileName}): every record is lost."),
                    1,
                    [.. _context.Copies.Select(c => c.Name + ": " + c.Directory + ": no segment files")],
                    "a new, empty log is created");
            }

            var fresh = new RecoveryPlan(default, 0, isNewLog: true);
            AddTemporaryDeletions(fresh);
            fresh.Records.AddRange(_context.Report.ToList());
            return fresh;
        }

        (LogId logId, int alignment) = LogIdentification.Identify(_context);
        var plan = new RecoveryPlan(logId, alignment, isNewLog: false);
        _context.CreateReaders(alignment);

        // Segment 1, or the first segment a verified snapshot needs (the segments before it were retired).
        LogStart start = _chooseStart?.Invoke(logId, alignment, _context.PresentAnywhere) ?? LogStart.Beginning;
        plan.Start = start;
        if (!_context.PresentAnywhere(start.Segment))
        {
            string found = string.Join(", ", _context.Inventories.Select(i => i.Location.Name + ": " + string.Join(" ", i.Segments.Keys)));
            string retired = start.Segment > 1 ? " (Earlier segments were retired behind a snapshot that needs this one.)" : string.Empty;
            throw new LogCorruptException(
                $"Segment {start.Segment} is missing from every copy, so the start of the log is gone; refusing to open.{retired} Segments found: {found}.",
                start.FirstSequence,
                [.. _context.Copies.Select((c, i) => c.Name + ": " + _context.PathOf(i, start.Segment) + ": missing")]);
        }

        plan.CleanClose = CleanCloseFiles.Read(_context.FileSystem, _context.Copies, logId);
        FrameInspection[] endInspections = new CopyMerge(_context, plan).Run(start);
        new PastEndScan(_context, plan, endInspections).Run(plan.CleanClose);
        AddTemporaryDeletions(plan);
        plan.Records.AddRange(_context.Report.ToList());
        return plan;
    }

    public void Dispose() => _context.Dispose();

    private void SyncEverything()
    {
        foreach (CopyInventory inventory in _context.Inventories)
        {
            foreach (string name in inventory.Segments.Values)
            {
                using StorageFile file = _context.FileSystem.Open(inventory.Location.PathOf(name), StorageOpenMode.OpenExisting, StorageFileOptions.ReadOnly);
                file.Sync();
            }

            _context.FileSystem.SyncDirectory(inventory.Location.Directory);
        }
    }

    private void AddTemporaryDeletions(RecoveryPlan plan)
    {
        foreach (CopyInventory inventory in _context.Inventories)
        {
            foreach (string name in inventory.Temporaries)
            {
                plan.Deletions.Add((inventory.Location.Index, name));
                _context.Report.FileDeleted(inventory.Location.Index, inventory.Location.PathOf(name), "a temporary segment a crash left during its creation");
            }
        }
    }
}
