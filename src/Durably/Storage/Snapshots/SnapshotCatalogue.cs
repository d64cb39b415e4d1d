using System.Globalization;
using Durably.IO;
using Durably.Storage.Format;

namespace Durably.Storage.Snapshots;

/// <summary>
/// The snapshot files of a log found at opening: every one that verifies in some copy (newest
/// first), the ones that verify in no copy (reported, never used) and leftover temporaries.
/// Reads whole files; holds the verified images until disposed. Loading writes nothing (with
/// <c>syncFirst</c> it only fsyncs the directories), so the <c>durably</c> tool loads it on live logs.
/// </summary>
internal sealed class SnapshotCatalogue : IDisposable
{
    private SnapshotCatalogue(List<SnapshotCandidate> candidates, List<UnusableSnapshot> unusable, List<(int Copy, string FileName)> temporaries, bool anyFiles)
    {
        Candidates = candidates;
        Unusable = unusable;
        Temporaries = temporaries;
        AnyFiles = anyFiles;
    }

    /// <summary>Snapshots that verify in at least one copy, newest first (any log id).</summary>
    internal List<SnapshotCandidate> Candidates { get; }

    /// <summary>Snapshot files that verify in no copy, with why.</summary>
    internal List<UnusableSnapshot> Unusable { get; }

    /// <summary>Half-written snapshots a crash left behind, to delete.</summary>
    internal List<(int Copy, string FileName)> Temporaries { get; }

    /// <summary>True when any snapshot file (usable or not) exists.</summary>
    internal bool AnyFiles { get; }

    /// <summary>
    /// Lists and verifies every snapshot file of every copy. With <paramref name="syncFirst"/> the
    /// directories are fsynced first (recovery: renames a dead process made count only once
    /// durable); without it nothing at all is written (the read-only tool).
    /// </summary>
    internal static SnapshotCatalogue Load(StorageFileSystem fileSystem, IReadOnlyList<LogCopyLocation> copies, int alignment, bool syncFirst)
    {
        var sequences = new SortedSet<long>();
        var temporaries = new List<(int Copy, string FileName)>();
        foreach (LogCopyLocation copy in copies)
        {
            if (!fileSystem.DirectoryExists(copy.Directory))
            {
                continue;
            }

            // Renames a process made before it died count only once durable.
            if (syncFirst)
            {
                fileSystem.SyncDirectory(copy.Directory);
            }

            foreach (string name in fileSystem.ListFiles(copy.Directory))
            {
                if (SnapshotFileName.TryParse(name, out long sequence))
                {
                    sequences.Add(sequence);
                }
                else if (SnapshotFileName.IsTemporary(name))
                {
                    temporaries.Add((copy.Index, name));
                }
            }
        }

        var candidates = new List<SnapshotCandidate>();
        var unusable = new List<UnusableSnapshot>();
        foreach (long sequence in sequences.Reverse())
        {
            var images = new SnapshotImage?[copies.Count];
            var problems = new string?[copies.Count];
            for (int c = 0; c < copies.Count; c++)
            {
                images[c] = SnapshotCopyIo.Read(fileSystem, copies[c], sequence, alignment, out problems[c]);
            }

            SnapshotImage? chosen = images.FirstOrDefault(i => i is not null);
            if (chosen is null)
            {
                unusable.Add(new UnusableSnapshot(
                    sequence,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"snapshot {SnapshotFileName.For(sequence)} verifies in no copy ({string.Join("; ", copies.Select((c, i) => c.Name + ": " + problems[i]))})"),
                    problems));
                continue;
            }

            for (int c = 0; c < copies.Count; c++)
            {
                if (images[c] is { } other && !ReferenceEquals(other, chosen))
                {
                    if (!other.Bytes.SequenceEqual(chosen.Bytes))
                    {
                        problems[c] = "differs from the " + copies[Array.IndexOf(images, chosen)].Name + "'s";
                    }

                    other.Dispose();
                }
            }

            candidates.Add(new SnapshotCandidate(chosen, problems));
        }

        return new SnapshotCatalogue(candidates, unusable, temporaries, sequences.Count > 0);
    }

    /// <summary>
    /// Where recovery of the log <paramref name="logId"/> begins. Only the two newest verified
    /// snapshots of this log count (the ones recovery keeps: the newest and the previous one, kept
    /// for a fallback): the lower of their start segments that is present in some copy
    /// (<paramref name="present"/>), or the newest's when neither is (the scan then refuses, naming
    /// it). An older snapshot that survived a failed delete, or came back from a backup, never pulls
    /// the start below segments retired behind newer ones; recovery sets it aside. Segment 1 when
    /// the log has no verified snapshot.
    /// </summary>
    internal LogStart StartFor(LogId logId, Func<uint, bool> present)
    {
        LogStart[] starts = [.. Candidates
            .Where(c => c.Image.Header.LogId == logId)
            .Take(2)
            .Select(c => c.Image.Header.Start)];
        if (starts.Length == 0)
        {
            return LogStart.Beginning;
        }

        foreach (LogStart start in starts.OrderBy(s => s.Segment))
        {
            if (present(start.Segment))
            {
                return start;
            }
        }

        return starts[0];
    }

    /// <summary>
    /// When recovery found the log's start segment missing in every copy while snapshot files
    /// verify in no copy, those snapshots are why: they would have let the log begin later, after
    /// segments they made unnecessary were retired. Returns the refusal saying so (or as it was).
    /// </summary>
    internal LogCorruptException ExplainMissingStart(StorageFileSystem fileSystem, IReadOnlyList<LogCopyLocation> copies, uint startSegment, LogCorruptException refusal)
    {
        string segment = SegmentFileName.For(startSegment);
        bool startMissing = copies.All(c => !fileSystem.DirectoryExists(c.Directory) || !fileSystem.ListFiles(c.Directory).Contains(segment, StringComparer.Ordinal));
        if (Unusable.Count == 0 || !startMissing)
        {
            return refusal;
        }

        return new LogCorruptException(
            refusal.Message + " The snapshots that would say where the log starts verify in no copy: "
            + string.Join("; ", Unusable.Select(u => u.Why)) + ".",
            refusal.Sequence,
            refusal.Locations);
    }

    public void Dispose()
    {
        foreach (SnapshotCandidate candidate in Candidates)
        {
            candidate.Dispose();
        }
    }
}
