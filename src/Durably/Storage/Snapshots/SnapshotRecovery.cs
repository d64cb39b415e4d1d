using System.Globalization;
using Durably.IO;
using Durably.Storage.Format;
using Durably.Storage.Reading;
using Durably.Storage.Recovery;
using Durably.Storage.Writing;

namespace Durably.Storage.Snapshots;

/// <summary>
/// Chooses the snapshot to recover from, after the log itself was recovered: the newest one of
/// this log that verifies in some copy and is bound to this log's history (the frame holding its
/// record S has the CRC it names). A log that ends before that S is refused: acknowledged
/// records are missing. The chosen snapshot and the previous one (kept for a fallback) are
/// repaired in every copy that lacks them; half-written snapshots are deleted.
/// </summary>
internal static class SnapshotRecovery
{
    /// <summary>Appended to the name of a snapshot file recovery set aside.</summary>
    internal const string IgnoredSuffix = ".ignored";

    internal static (RecoveredSnapshot? Chosen, List<SnapshotRecord> Kept) Recover(
        StorageFileSystem fileSystem,
        IReadOnlyList<LogCopyLocation> copies,
        SnapshotCatalogue catalogue,
        RecoveryPlan plan,
        LogRecoveryMode mode,
        List<RepairRecord> records)
    {
        SnapshotRecoveryPlan decided = Decide(fileSystem, copies, catalogue, plan, mode);
        foreach (SnapshotCandidate candidate in decided.Kept)
        {
            RepairCopies(fileSystem, copies, candidate, plan.Alignment);
        }

        records.AddRange(decided.Records);
        DeleteTemporaries(fileSystem, copies, catalogue);
        SetAside(fileSystem, copies, decided.SetAside);
        List<SnapshotCandidate> kept = decided.Kept;
        RecoveredSnapshot? chosen = kept.Count == 0
            ? null
            : new RecoveredSnapshot(
                kept[0].Sequence,
                SnapshotFileName.For(kept[0].Sequence) + " in " + string.Join(" and ", copies.Select(c => c.Directory)),
                kept[0].Image.Body.ToArray());
        return (chosen, [.. kept.Select(k => new SnapshotRecord(k.Sequence, k.Image.Header.StartSegment))]);
    }

    /// <summary>
    /// Decides, writing nothing, what <see cref="Recover"/> does with the snapshots: which it keeps
    /// (the first one recovery loads), which copies it rewrites, which files it sets aside, and the
    /// records it reports. Throws <see cref="LogCorruptException"/> where recovery refuses to open.
    /// The <c>durably</c> tool reports exactly this.
    /// </summary>
    internal static SnapshotRecoveryPlan Decide(
        StorageFileSystem fileSystem,
        IReadOnlyList<LogCopyLocation> copies,
        SnapshotCatalogue catalogue,
        RecoveryPlan plan,
        LogRecoveryMode mode)
    {
        var decided = new SnapshotRecoveryPlan();
        List<RepairRecord> records = decided.Records;
        List<long> setAside = decided.SetAside;
        foreach (UnusableSnapshot unusable in catalogue.Unusable)
        {
            records.Add(new RepairRecord(RepairKind.SnapshotSetAside, null, SnapshotFileName.For(unusable.Sequence), -1, 0, unusable.Sequence, unusable.Why));
            setAside.Add(unusable.Sequence);
        }

        IndexedSegment[] index = [.. plan.Segments
            .Where(s => s.FirstSequence > 0)
            .Select(s => new IndexedSegment(s.Number, s.Size, s.FirstSequence, s.ChainBefore))];
        var reader = new LogReader(fileSystem, copies, plan.LogId, plan.Alignment, direct: true);
        List<SnapshotCandidate> kept = decided.Kept;
        foreach (SnapshotCandidate candidate in catalogue.Candidates)
        {
            SnapshotHeader header = candidate.Image.Header;
            string file = SnapshotFileName.For(header.Sequence);
            if (header.LogId != plan.LogId)
            {
                records.Add(new RepairRecord(RepairKind.SnapshotSetAside, null, file, -1, 0, header.Sequence, $"it belongs to another log ({header.LogId})"));
                setAside.Add(header.Sequence);
                continue;
            }

            if (kept.Count == 2)
            {
                break;
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
                        message + "Refusing to open with less than was acknowledged: restore the missing segment files (or open with AcceptDataLoss to fall back to an older snapshot).",
                        plan.LastSequence + 1,
                        [.. copies.Select(c => c.Name + ": " + c.Directory)]);
                }

                records.Add(new RepairRecord(RepairKind.DataLossAccepted, null, file, -1, 0, plan.LastSequence + 1, message + "Fell back to an older snapshot; renamed it to " + file + IgnoredSuffix + "."));
                setAside.Add(header.Sequence);
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
                    throw new LogCorruptException(message + "Refusing to open (AcceptDataLoss ignores the snapshot).", header.Sequence, [.. copies.Select(c => c.PathOf(file))]);
                }

                records.Add(new RepairRecord(RepairKind.SnapshotSetAside, null, file, -1, 0, header.Sequence, message.TrimEnd()));
                setAside.Add(header.Sequence);
                continue;
            }

            kept.Add(candidate);
        }

        foreach (SnapshotCandidate candidate in kept)
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

        return decided;
    }

    private static void RepairCopies(StorageFileSystem fileSystem, IReadOnlyList<LogCopyLocation> copies, SnapshotCandidate candidate, int alignment)
    {
        for (int c = 0; c < copies.Count; c++)
        {
            if (candidate.CopyProblems[c] is not null)
            {
                SnapshotCopyIo.Write(fileSystem, copies[c], candidate.Image, alignment);
            }
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
