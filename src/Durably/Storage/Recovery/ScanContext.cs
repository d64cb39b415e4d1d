using Durably.IO;
using Durably.Storage.Format;

namespace Durably.Storage.Recovery;

/// <summary>
/// What the parts of a recovery scan share: the copies and what is known about their files, the
/// readers over the segment being looked at, the repair records and the data-loss decision.
/// </summary>
internal sealed class ScanContext : IDisposable
{
    private StorageFile?[] _open = [];

    internal ScanContext(
        StorageFileSystem fileSystem,
        IReadOnlyList<LogCopyLocation> copies,
        LogRecoveryMode mode,
        bool direct,
        int deviceAlignment)
    {
        FileSystem = fileSystem;
        Copies = copies;
        ReadOptions = StorageFileOptions.ReadOnly | (direct ? StorageFileOptions.Direct : StorageFileOptions.None);
        DeviceAlignment = Math.Max(deviceAlignment, LogFormat.MinimumAlignment);
        Inventories = new CopyInventory[copies.Count];
        Report = new RepairReport(copies);
        Loss = new DataLossDecision(mode, Report);
    }

    internal StorageFileSystem FileSystem { get; }

    internal IReadOnlyList<LogCopyLocation> Copies { get; }

    internal StorageFileOptions ReadOptions { get; }

    internal int DeviceAlignment { get; }

    internal CopyInventory[] Inventories { get; }

    /// <summary>Per copy and segment number: what its header read found.</summary>
    internal Dictionary<(int Copy, uint Segment), SegmentFacts> Facts { get; } = [];

    /// <summary>Per copy: the reader over the segment opened last (<see cref="OpenSegment"/>).</summary>
    internal SegmentReader[] Readers { get; private set; } = [];

    internal RepairReport Report { get; }

    internal DataLossDecision Loss { get; }

    /// <summary>The highest segment number in any copy (0: none).</summary>
    internal uint MaxSegment { get; private set; }

    internal void TakeInventory()
    {
        for (int c = 0; c < Copies.Count; c++)
        {
            Inventories[c] = CopyInventory.Take(FileSystem, Copies[c]);
            foreach (uint number in Inventories[c].Segments.Keys)
            {
                MaxSegment = Math.Max(MaxSegment, number);
            }
        }
    }

    internal void CreateReaders(int alignment)
    {
        Readers = new SegmentReader[Copies.Count];
        _open = new StorageFile?[Copies.Count];
        for (int c = 0; c < Copies.Count; c++)
        {
            Readers[c] = new SegmentReader(alignment);
        }
    }

    internal string PathOf(int copy, uint segment) => Copies[copy].PathOf(SegmentFileName.For(segment));

    internal bool PresentAnywhere(uint segment) => Inventories.Any(i => i.Segments.ContainsKey(segment));

    internal bool PresentEverywhere(uint segment) => Inventories.All(i => i.Segments.ContainsKey(segment));

    /// <summary>The segment's size: from an intact header, else the longest file.</summary>
    internal long SizeOf(uint segment)
    {
        long fromFile = 0;
        for (int c = 0; c < Copies.Count; c++)
        {
            if (Facts.TryGetValue((c, segment), out SegmentFacts? facts))
            {
                if (facts.Header is { } header)
                {
                    return header.SegmentSize;
                }

                fromFile = Math.Max(fromFile, facts.Length);
            }
        }

        return fromFile;
    }

    /// <summary>Points every copy's reader at <paramref name="segment"/> (a copy without it reads zeros).</summary>
    internal void OpenSegment(uint segment)
    {
        CloseSegment();
        for (int c = 0; c < Copies.Count; c++)
        {
            _open[c] = Facts.TryGetValue((c, segment), out SegmentFacts? facts)
                ? FileSystem.Open(Copies[c].PathOf(facts.FileName), StorageOpenMode.OpenExisting, ReadOptions)
                : null;
            Readers[c].Attach(_open[c]);
        }
    }

    internal void CloseSegment()
    {
        for (int c = 0; c < _open.Length; c++)
        {
            _open[c]?.Dispose();
            _open[c] = null;
        }
    }

    /// <summary>Every copy's file of every segment from <paramref name="first"/> on, highest first, for deletion.</summary>
    internal IEnumerable<(int Copy, string FileName)> FilesFrom(uint first)
    {
        for (uint segment = MaxSegment; segment >= first && segment > 0; segment--)
        {
            for (int c = 0; c < Copies.Count; c++)
            {
                if (Facts.TryGetValue((c, segment), out SegmentFacts? facts))
                {
                    yield return (c, facts.FileName);
                }
                else if (Inventories[c].Segments.TryGetValue(segment, out string? name))
                {
                    yield return (c, name);
                }
            }
        }
    }

    public void Dispose()
    {
        CloseSegment();
        foreach (SegmentReader reader in Readers)
        {
            reader.Dispose();
        }
    }
}
