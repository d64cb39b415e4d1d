using System.Globalization;
using Durably.IO;
using Durably.Storage.Reading;
using Durably.Storage.Recovery;
using Durably.Storage.Writing;

namespace Durably.Storage.Snapshots;

/// <summary>
/// Chooses the snapshot to recover from, after the log was scanned and before it is repaired:
/// the newest one of this log that verifies in some copy and is bound to this log's history (the
/// frame holding its record S has the CRC it names). A log that ends before that S is refused:
/// acknowledged records are missing. Once the log is repaired, the chosen snapshot and the
/// previous one (kept for a fallback) are repaired in every copy that lacks them; half-written
/// snapshots are deleted, and the rest set aside.
/// </summary>
internal static class SnapshotRecovery
{
    /// <summary>Appended to the name of a snapshot file recovery set aside.</summary>
    internal const string IgnoredSuffix = ".ignored";

    /// <summary>
    /// Decides which snapshots recovery keeps and which it sets aside, reading the log's frames
    /// (from whichever copy holds them valid) but writing nothing, so it runs before the log is
    /// repaired and a refusal changes no file. Throws <see cref="LogCorruptException"/> for a log
    /// that ends before the newest snapshot, or a newest snapshot of another history, in
    /// <see cref="LogRecoveryMode.Strict"/>.
    /// </summary>
    internal static SnapshotSelection Choose(
        StorageFileSystem fileSystem,
        IReadOnlyList<LogCopyLocation> copies,
        SnapshotCatalogue catalogue,
        RecoveryPlan plan,
        LogRecoveryMode mode)
    {
        var selection = new SnapshotSelection();
        foreach (UnusableSnapshot unusable in catalogue.Unusable)
        {
            selection.Reject(unusable.Sequence, "it verifies in no copy", new RepairRecord(RepairKind.SnapshotSetAside, null, SnapshotFileName.For(unusable.Sequence), -1, 0, unusable.Sequence, unusable.Why));
        }

        IndexedSegment[] index = [.. plan.Segments
            .Where(s => s.FirstSequence > 0)
            .Select(s => new IndexedSegment(s.Number, s.Size, s.FirstSequence, s.ChainBefore))];
        var reader = new LogReader(fileSystem, copies, plan.LogId, plan.Alignment, direct: true);
        List<SnapshotCandidate> kept = selection.Kept;
        foreach (SnapshotCandidate candidate in catalogue.Candidates)
        {
            SnapshotHeader header = candidate.Image.Header;
            string file = SnapshotFileName.For(header.Sequence);
            if (header.LogId != plan.LogId)
            {
                string why = $"it belongs to another log ({header.LogId})";
                selection.Reject(header.Sequence, why, new RepairRecord(RepairKind.SnapshotSetAside, null, file, -1, 0, header.Sequence, why));
                continue;
            }

            if (kept.Count == 2)
            {
                string why = string.Create(
                    CultureInfo.InvariantCulture,
                    $"it is older than the two snapshots recovery keeps ({kept[0].Sequence} and {kept[1].Sequence}); a failed delete left it");
                selection.Reject(header.Sequence, why, new RepairRecord(RepairKind.SnapshotSetAside, null, file, -1, 0, header.Sequence, why));
                continue;
            }

            if (header.StartSegment < plan.Start.Segment)
            {
                string why = string.Create(
                    CultureInfo.InvariantCulture,
                    $"it needs the log from segment {header.StartSegment}, but the log begins at segment {plan.Start.Segment} (the segments before were retired behind newer snapshots)");
                selection.Reject(header.Sequence, why, new RepairRecord(RepairKind.SnapshotSetAside, null, file, -1, 0, header.Sequence, why));
                continue;
            }

            if (header.Sequence > plan.LastSequence)
            {
                string message = string.Create(
                    CultureInfo.InvariantCulture,
                    $"The log ends at record {plan.LastSequence}, but snapshot {file} covers records up to {header.Sequence}: records "
                    + $"{plan.LastSequence + 1}..{header.Sequence} are missing from every copy (segment files lost, or the copies rolled back to older files). ");
                if (kept.Count == 0 && mode == LogRecoveryMode.Strict)
                {
                    throw new LogCorruptException(
                        message + "Refusing to open with less than was acknowledged (nothing was changed on disk): restore the missing segment files (or open with AcceptDataLoss to fall back to an older snapshot).",
                        plan.LastSequence + 1,
                        [.. copies.Select(c => c.Name + ": " + c.Directory)]);
                }

                selection.Reject(
                    header.Sequence,
                    string.Create(CultureInfo.InvariantCulture, $"it covers records up to {header.Sequence}, past the log's end at {plan.LastSequence}"),
                    new RepairRecord(RepairKind.DataLossAccepted, null, file, -1, 0, plan.LastSequence + 1, message + "Fell back to an older snapshot; renamed it to " + file + IgnoredSuffix + "."));
                continue;
            }

            uint crc = reader.FrameHolding(header.Sequence, index).Crc;
            if (crc != header.ChainOfSequence)
            {
                string message = string.Create(
                    CultureInfo.InvariantCulture,
                    $"Snapshot {file} is bound to a frame with CRC {header.ChainOfSequence:x8} for record {header.Sequence}, but this log's frame "
                    + $"holding that record has CRC {crc:x8}: the snapshot belongs to another history of this log. ");
                if (kept.Count == 0 && mode == LogRecoveryMode.Strict)
                {
                    throw new LogCorruptException(message + "Refusing to open; nothing was changed on disk (AcceptDataLoss ignores the snapshot).", header.Sequence, [.. copies.Select(c => c.PathOf(file))]);
                }

                selection.Reject(
                    header.Sequence,
                    "it belongs to another history of this log (the CRC of its record's frame differs)",
                    new RepairRecord(RepairKind.SnapshotSetAside, null, file, -1, 0, header.Sequence, message.TrimEnd()));
                continue;
            }

            kept.Add(candidate);
        }

        return selection;
    }

    /// <summary>
    /// Carries out <paramref name="selection"/> once the log is repaired: the kept snapshots are
    /// rewritten in every copy that lacks them, half-written ones deleted, the others set aside.
    /// Returns the snapshot to restore and the kept ones for the writer.
    /// </summary>
    internal static (RecoveredSnapshot? Chosen, List<SnapshotRecord> Kept) Apply(
        StorageFileSystem fileSystem,
        IReadOnlyList<LogCopyLocation> copies,
        SnapshotCatalogue catalogue,
        SnapshotSelection selection,
        int alignment,
        List<RepairRecord> records)
    {
        List<SnapshotCandidate> kept = selection.Kept;
        records.AddRange(selection.Records);
        foreach (SnapshotCandidate candidate in kept)
        {
            RepairCopies(fileSystem, copies, candidate, alignment, records);
        }

        DeleteTemporaries(fileSystem, copies, catalogue);
        SetAside(fileSystem, copies, selection.SetAside);
        RecoveredSnapshot? chosen = kept.Count == 0
            ? null
            : new RecoveredSnapshot(
                kept[0].Sequence,
                SnapshotFileName.For(kept[0].Sequence) + " in " + string.Join(" and ", copies.Select(c => c.Directory)),
                kept[0].Image.Body.ToArray());
        return (chosen, [.. kept.Select(k => new SnapshotRecord(k.Sequence, k.Image.Header.StartSegment))]);
    }

    /// <summary>
    /// The rewrites <see cref="Apply"/> makes for <paramref name="selection"/>: each kept snapshot in
    /// every copy where it is missing, damaged or different. Writes nothing (the read-only tool
    /// reports them).
    /// </summary>
    internal static List<RepairRecord> PlannedRewrites(IReadOnlyList<LogCopyLocation> copies, SnapshotSelection selection)
    {
        var records = new List<RepairRecord>();
        foreach (SnapshotCandidate candidate in selection.Kept)
        {
            string file = SnapshotFileName.For(candidate.Sequence);
            for (int c = 0; c < copies.Count; c++)
            {
                if (candidate.CopyProblems[c] is { } problem)
                {
                    records.Add(new RepairRecord(RepairKind.SnapshotRewritten, copies[c].Name, copies[c].PathOf(file), -1, 0, candidate.Sequence, problem));
                }
            }
        }

        return records;
    }

    private static void RepairCopies(StorageFileSystem fileSystem, IReadOnlyList<LogCopyLocation> copies, SnapshotCandidate candidate, int alignment, List<RepairRecord> records)
    {
        string file = SnapshotFileName.For(candidate.Sequence);
        for (int c = 0; c < copies.Count; c++)
        {
            if (candidate.CopyProblems[c] is not { } problem)
            {
                continue;
            }

            SnapshotCopyIo.Write(fileSystem, copies[c], candidate.Image, alignment);
            records.Add(new RepairRecord(RepairKind.SnapshotRewritten, copies[c].Name, copies[c].PathOf(file), -1, 0, candidate.Sequence, problem));
        }
    }

    /// <summary>
    /// Renames snapshot files recovery will not use (damaged in every copy, of another log, of
    /// another history) out of the way, keeping them for inspection: a second recovery then finds
    /// nothing to report, and a later snapshot of the same sequence is not confused with them.
    /// </summary>
    private static void SetAside(StorageFileSystem fileSystem, IReadOnlyList<LogCopyLocation> copies, List<long> sequences)
    {
        if (sequences.Count == 0)
        {
            return;
        }

        foreach (LogCopyLocation copy in copies)
        {
            IReadOnlyList<string> present = fileSystem.ListFiles(copy.Directory);
            foreach (long sequence in sequences)
            {
                string name = SnapshotFileName.For(sequence);
                if (present.Contains(name, StringComparer.Ordinal))
                {
                    fileSystem.Rename(copy.PathOf(name), copy.PathOf(name + IgnoredSuffix), replaceExisting: true);
                }
            }

            fileSystem.SyncDirectory(copy.Directory);
        }
    }

    private static void DeleteTemporaries(StorageFileSystem fileSystem, IReadOnlyList<LogCopyLocation> copies, SnapshotCatalogue catalogue)
    {
        foreach (int copy in catalogue.Temporaries.Select(t => t.Copy).Distinct())
        {
            foreach ((int c, string name) in catalogue.Temporaries.Where(t => t.Copy == copy))
            {
                fileSystem.Delete(copies[c].PathOf(name));
            }

            fileSystem.SyncDirectory(copies[copy].Directory);
        }
    }
}
