using System.Globalization;

namespace Durably.Storage.Recovery;

/// <summary>
/// Collects what recovery repairs as structured <see cref="RepairRecord"/>s: frame rewrites are
/// counted per copy and segment into one record (first offset to the end of the last frame);
/// everything else is one record each. Text is made from them only at the edge
/// (<see cref="RepairRecord.ToString"/>).
/// </summary>
internal sealed class RepairReport
{
    private readonly IReadOnlyList<LogCopyLocation> _copies;
    private readonly SortedDictionary<(uint Segment, int Copy), FrameTally> _frames = [];
    private readonly List<RepairRecord> _segmentRecords = [];
    private readonly List<RepairRecord> _records = [];

    internal RepairReport(IReadOnlyList<LogCopyLocation> copies) => _copies = copies;

    /// <summary>Adds one record as it is.</summary>
    internal void Add(RepairRecord record) => _records.Add(record);

    internal void SegmentRebuilt(int copy, string file, long sequence, string reason) =>
        _segmentRecords.Add(new RepairRecord(RepairKind.SegmentRebuilt, _copies[copy].Name, file, -1, 0, sequence, reason));

    internal void HeaderRewritten(int copy, string file, int headerLength, string reason) =>
        _segmentRecords.Add(new RepairRecord(RepairKind.HeaderRewritten, _copies[copy].Name, file, 0, headerLength, -1, reason));

    /// <summary>A frame rewritten in <paramref name="copy"/> from <paramref name="source"/>.</summary>
    internal void FrameRewritten(int copy, uint segment, string file, long offset, int length, long sequence, string problem, int source)
    {
        if (!_frames.TryGetValue((segment, copy), out FrameTally? tally))
        {
            tally = new FrameTally(file, offset, sequence, problem, source);
            _frames[(segment, copy)] = tally;
        }

        tally.Count++;
        tally.End = offset + length;
    }

    internal void FileDeleted(int copy, string file, string reason) =>
        _records.Add(new RepairRecord(RepairKind.FileDeleted, _copies[copy].Name, file, -1, 0, -1, reason));

    internal void TailZeroed(int copy, string file, long offset, long length, string reason) =>
        _records.Add(new RepairRecord(RepairKind.TailZeroed, _copies[copy].Name, file, offset, length, -1, reason));

    /// <summary>Every record: segment rebuilds and headers, frame rewrites, then the rest in the order found.</summary>
    internal List<RepairRecord> ToList()
    {
        var all = new List<RepairRecord>(_segmentRecords);
        foreach (((_, int copy), FrameTally tally) in _frames)
        {
            all.Add(new RepairRecord(
                RepairKind.FrameRewritten,
                _copies[copy].Name,
                tally.File,
                tally.Offset,
                tally.End - tally.Offset,
                tally.Sequence,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{tally.Count} frame(s) copied from the {_copies[tally.Source].Name}; the first was {tally.Problem}")));
        }

        all.AddRange(_records);
        return all;
    }

    private sealed class FrameTally(string file, long offset, long sequence, string problem, int source)
    {
        internal string File { get; } = file;

        internal long Offset { get; } = offset;

        internal long Sequence { get; } = sequence;

        internal string Problem { get; } = problem;

        internal int Source { get; } = source;

        internal int Count { get; set; }

        internal long End { get; set; }
    }
}
