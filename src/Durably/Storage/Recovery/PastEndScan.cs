using System.Globalization;
using Durably.IO;
using Durably.Storage.Format;

namespace Durably.Storage.Recovery;

/// <summary>
/// The third job of recovery: look past the end the merge found, in every copy (the rest of the
/// end segment and every later segment), and decide whether that end is the true end of the log
/// or evidence that acknowledged records were lost: an intact frame bound to its position later
/// on, a block no copy can read where an acknowledged frame may lie, a segment missing from every
/// copy while a later one exists (the segment chain), or a clean-close record naming a later end.
/// Otherwise it plans to zero what lies past the end and keeps or deletes later segments as spares.
/// </summary>
/// <remarks>
/// The one intact later frame that is not evidence of loss is one of the writer's in-flight window:
/// with frames pipelined, a frame written behind the torn end frame while that was still in flight
/// (its header counts the frames it was written behind) can be durable when the end frame is not, and
/// was never acknowledged, because frames are acknowledged only in order. Such frames are cut with the
/// end frame. Anything more — a later frame not written behind unconfirmed ones, more later frames than
/// their headers allow, frames in two segments — stays evidence that acknowledged records were lost.
/// </remarks>
internal sealed class PastEndScan
{
    private readonly ScanContext _context;
    private readonly RecoveryPlan _plan;
    private readonly FrameInspection[] _endInspections;
    private readonly long _expectedSequence;
    private readonly Dictionary<uint, string> _neverUsed = [];
    private readonly HashSet<uint> _dirtySpares = [];

    internal PastEndScan(ScanContext context, RecoveryPlan plan, FrameInspection[] endInspections)
    {
        _context = context;
        _plan = plan;
        _endInspections = endInspections;
        _expectedSequence = plan.LastSequence + 1;
    }

    private IReadOnlyList<LogCopyLocation> Copies => _context.Copies;

    /// <summary>Scans past the end and decides; <paramref name="closed"/> is the clean-close record found, if any.</summary>
    internal void Run(CleanCloseRecord? closed)
    {
        var laterFrames = new List<(int Copy, uint Segment, long Offset, FrameHeader Header)>();
        (uint Segment, long Offset)? unknownBlock = null;
        ScanSegments(laterFrames, ref unknownBlock);
        bool inFlightWindow = laterFrames.Count > 0 && IsInFlightWindow(laterFrames);

        if (laterFrames.Count > 0 && !inFlightWindow)
        {
            (int Copy, uint Segment, long Offset, FrameHeader Header) later = laterFrames[0];
            RefuseOrTruncate(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Record {_expectedSequence} is damaged in every copy, but later records exist (e.g. sequence {later.Header.FirstSequence} in the "
                    + $"{Copies[later.Copy].Name} at {_context.PathOf(later.Copy, later.Segment)} offset {later.Offset}), "
                    + $"so records from {_expectedSequence} on would be lost. {string.Join("; ", EndLocations())}."),
                EndLocations());
            return;
        }

        if (unknownBlock is { } unknown)
        {
            List<string> locations = EndLocations();
            for (int c = 0; c < Copies.Count; c++)
            {
                locations.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Copies[c].Name}: {_context.PathOf(c, unknown.Segment)} offset {unknown.Offset}: unreadable or absent"));
            }

            RefuseOrTruncate(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Record {_expectedSequence} is not intact in any copy, and past where that frame can reach no copy can read "
                    + $"segment {unknown.Segment} offset {unknown.Offset}, which may hold acknowledged records, so records from {_expectedSequence} on "
                    + $"may be lost (an unreadable block is unknown, not torn). {string.Join("; ", locations)}."),
                locations);
            return;
        }

        if (FindGap() is { } gap)
        {
            List<string> locations = EndLocations();
            locations.AddRange(Copies.Select((copy, c) => $"{copy.Name}: {_context.PathOf(c, gap.Missing)}: missing"));
            RefuseOrTruncate(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Segment {gap.Missing} is missing from every copy, but segment {gap.Later} exists: segments are created one after another, "
                    + $"each only once the one before it exists in every copy, and recovery deletes them from the highest down, so segment "
                    + $"{gap.Missing} existed and the records it held (from sequence {_expectedSequence} on) are lost. {string.Join("; ", locations)}."),
                locations);
            return;
        }

        if (closed is { } record && (record.LastSequence > _plan.LastSequence || (record.LastSequence == _plan.LastSequence && record.LastCrc != _plan.LastCrc)))
        {
            List<string> locations = EndLocations();
            RefuseOrTruncate(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The log was closed cleanly at sequence {record.LastSequence} (segment {record.EndSegment} offset {record.EndOffset}, "
                    + $"frame CRC {record.LastCrc:x8}, recorded in {CleanCloseRecord.FileName}), but recovery finds it ending at sequence "
                    + $"{_plan.LastSequence} (CRC {_plan.LastCrc:x8}): records after that were acknowledged and are lost (damaged in every copy, "
                    + $"or their segments deleted). {string.Join("; ", locations)}."),
                locations);
            return;
        }

        DescribeCutTail(closed, inFlightWindow ? laterFrames : null);
        DecideSpares();
    }

    /// <summary>
    /// True if the intact frames found past the end can all be frames the writer submitted behind the
    /// torn end frame while it was in flight (and so never acknowledged): in one segment, each after the
    /// missing records, and the i-th of them (in position order) written with at least i frames in flight
    /// ahead of it.
    /// </summary>
    private bool IsInFlightWindow(List<(int Copy, uint Segment, long Offset, FrameHeader Header)> laterFrames)
    {
        var distinct = laterFrames
            .DistinctBy(f => (f.Segment, f.Offset, f.Header.Crc))
            .OrderBy(f => f.Segment)
            .ThenBy(f => f.Offset)
            .ToList();
        long next = _expectedSequence + 1;
        for (int i = 0; i < distinct.Count; i++)
        {
            FrameHeader header = distinct[i].Header;
            if (distinct[i].Segment != distinct[0].Segment || header.FramesAhead < i + 1 || header.FirstSequence < next)
            {
                return false;
            }

            next = header.LastSequence + 1;
        }

        return true;
    }

    private void ScanSegments(
        List<(int Copy, uint Segment, long Offset, FrameHeader Header)> laterFrames,
        ref (uint Segment, long Offset)? unknownBlock)
    {
        int alignment = _plan.Alignment;
        long endReach = _plan.EndOffset + EndFrameLength(alignment);
        var unreadable = new HashSet<long>?[Copies.Count];
        var limits = new long[Copies.Count];

        for (uint segment = _plan.EndSegment; segment <= _context.MaxSegment; segment++)
        {
            if (!_context.PresentAnywhere(segment))
            {
                continue;
            }

            long size = _context.SizeOf(segment);
            _context.OpenSegment(segment);
            Array.Clear(unreadable);
            Array.Clear(limits);
            bool firstFramePositionReached = false;
            bool firstFramePositionHoldsData = false;
            for (int c = 0; c < Copies.Count; c++)
            {
                SegmentReader reader = _context.Readers[c];
                if (!reader.HasFile)
                {
                    continue;
                }

                long start = segment == _plan.EndSegment ? _plan.EndOffset : alignment;
                long limit = Math.Min(size, BitOperationsFacts.AlignUp(reader.FileLength, alignment));
                limits[c] = limit;
                long rangeStart = -1;
                for (long block = start; block < limit; block += alignment)
                {
                    bool readable = reader.TryGet(block, alignment, out ReadOnlySpan<byte> bytes);
                    if (!readable)
                    {
                        (unreadable[c] ??= []).Add(block);
                    }

                    bool dirty = !readable || bytes.ContainsAnyExcept((byte)0);
                    if (segment > _plan.EndSegment && block == alignment)
                    {
                        firstFramePositionReached = true;
                        firstFramePositionHoldsData |= readable && dirty;
                    }

                    if (dirty && rangeStart < 0)
                    {
                        rangeStart = block;
                    }
                    else if (!dirty && rangeStart >= 0)
                    {
                        AddZeroRange(c, segment, rangeStart, block - rangeStart);
                        rangeStart = -1;
                    }

                    bool pastTheEndFrame = segment > _plan.EndSegment || block > _plan.EndOffset;
                    if (readable && pastTheEndFrame && FrameHeader.HasMagic(bytes))
                    {
                        var expect = new FrameExpectation(_plan.LogId, segment, size, block, 0, 0, CheckContinuity: false);
                        FrameInspection found = FrameInspector.Inspect(reader, expect, alignment);
                        if (found.IsValid)
                        {
                            laterFrames.Add((c, segment, block, found.Header));
                        }
                    }
                }

                if (rangeStart >= 0)
                {
                    AddZeroRange(c, segment, rangeStart, limit - rangeStart);
                }
            }

            if (unknownBlock is null)
            {
                long beyond = segment == _plan.EndSegment ? endReach : 0;
                long first = FirstUnreadableEverywhere(unreadable, limits, beyond);
                if (first >= 0 && segment > _plan.EndSegment && NeverHeldFrames(firstFramePositionReached && !firstFramePositionHoldsData, out string absentFrom))
                {
                    _neverUsed[segment] = string.Create(
                        CultureInfo.InvariantCulture,
                        $"no copy can read offset {first}, past the end of the log, but the segment is absent from the {absentFrom} and no copy "
                        + $"holds data at its first frame position, so it never held acknowledged records (a spare whose creation or deletion a crash interrupted)");
                }
                else if (first >= 0)
                {
                    unknownBlock = (segment, first);
                }
            }
        }

        _context.CloseSegment();
    }

    /// <summary>
    /// True if the segment open in the readers (one after the end segment) can be shown never to
    /// have held an acknowledged frame, so blocks no copy can read there are not unknown. A
    /// segment is used only after it was created in every copy, its frames start at its first
    /// frame position and are contiguous, and a frame is acknowledged only once durable and
    /// verified in every copy. So if it had held an acknowledged frame, its absence from one copy
    /// would be damage to that copy, and the block the other copies cannot read would be damage to
    /// them at the same position: two damaged copies at one position, which no rule can see
    /// through. An absent copy of a never-used spare is what a crash during its creation, or
    /// during recovery's deletion of it, leaves. As a further check, no copy may hold readable
    /// data at the first frame position (zeros or unreadable only): something there looks like a
    /// written frame, and the block stays unknown. With the segment in every copy, a block every
    /// copy fails to read is damage to every copy, and stays unknown too.
    /// </summary>
    private bool NeverHeldFrames(bool firstFramePositionWithoutData, out string absentFrom)
    {
        var absent = new List<string>();
        for (int c = 0; c < _context.Readers.Length; c++)
        {
            if (!_context.Readers[c].HasFile)
            {
                absent.Add(Copies[c].Name);
            }
        }

        absentFrom = string.Join(" and the ", absent);
        return absent.Count > 0 && firstFramePositionWithoutData;
    }

    /// <summary>
    /// The segment chain: the first segment right after the end that is missing from every copy
    /// while a later one exists. Segments are created in order, each once its predecessor exists
    /// in every copy, and deleted from the highest down, so such a hole means a segment that
    /// existed, with whatever it held, was lost. (A hole further on, after a segment that holds
    /// no frame, cannot have held records: those later segments are deleted as spares.)
    /// </summary>
    private (uint Missing, uint Later)? FindGap()
    {
        uint next = _plan.EndSegment + 1;
        if (_context.PresentAnywhere(next))
        {
            return null;
        }

        for (uint later = next + 1; later <= _context.MaxSegment; later++)
        {
            if (_context.PresentAnywhere(later))
            {
                return (next, later);
            }
        }

        return null;
    }

    /// <summary>
    /// How far the frame at the end of the log can reach: its length where some copy still holds
    /// a readable header, else one block. Without a header nothing shows that later blocks belong
    /// to that frame, so only its first block may be taken for the torn last write.
    /// </summary>
    private long EndFrameLength(int alignment)
    {
        long length = alignment;
        foreach (FrameInspection inspection in _endInspections)
        {
            length = Math.Max(length, inspection.AlignedLength);
        }

        return length;
    }

    /// <summary>
    /// The first block at or after <paramref name="from"/> that no copy could read (a copy
    /// without the file, or whose file ends before the block, shows nothing either), or -1.
    /// </summary>
    private static long FirstUnreadableEverywhere(HashSet<long>?[] unreadable, long[] limits, long from)
    {
        long first = -1;
        for (int c = 0; c < unreadable.Length; c++)
        {
            if (unreadable[c] is not { } blocks)
            {
                continue;
            }

            foreach (long block in blocks)
            {
                if (block < from || (first >= 0 && block >= first))
                {
                    continue;
                }

                bool readSomewhere = false;
                for (int other = 0; other < unreadable.Length; other++)
                {
                    readSomewhere |= other != c && block < limits[other] && unreadable[other]?.Contains(block) != true;
                }

                if (!readSomewhere)
                {
                    first = block;
                }
            }
        }

        return first;
    }

    private void AddZeroRange(int copy, uint segment, long offset, long length)
    {
        if (segment == _plan.EndSegment)
        {
            _plan.ZeroRanges.Add((copy, segment, offset, length));
        }
        else
        {
            _dirtySpares.Add(segment);
        }
    }

    private List<string> EndLocations() =>
        [.. Copies.Select((copy, c) => string.Create(
            CultureInfo.InvariantCulture,
            $"{copy.Name}: {_context.PathOf(c, _plan.EndSegment)} offset {_plan.EndOffset}: {_endInspections[c].Describe()}"))];

    /// <summary>
    /// Loss of acknowledged records: refused in strict mode; with AcceptDataLoss the log is
    /// truncated at its end (the rest of the end segment zeroed, later segments deleted).
    /// </summary>
    private void RefuseOrTruncate(string finding, IReadOnlyList<string> locations)
    {
        _context.Loss.RefuseOrAccept(
            finding,
            _expectedSequence,
            locations,
            "the log is truncated before that record",
            null,
            _plan.EndSegment == 0 ? null : _context.PathOf(0, _plan.EndSegment),
            _plan.EndOffset);
        ReportZeroRanges("past the end of the log, after accepting the loss");
        foreach ((int copy, string fileName) in _context.FilesFrom(_plan.EndSegment + 1))
        {
            Delete(copy, fileName, "a segment after the end of the log, deleted after accepting the loss");
        }
    }

    private void DescribeCutTail(CleanCloseRecord? closed, List<(int Copy, uint Segment, long Offset, FrameHeader Header)>? windowFrames)
    {
        if (_endInspections.All(i => i.State == FrameState.Missing))
        {
            ReportZeroRanges("past the end of the log");
            return;
        }

        string states = string.Join("; ", Copies.Select((copy, c) => copy.Name + ": " + _endInspections[c].Describe()));
        string after = windowFrames is null
            ? "with nothing intact after it"
            : string.Join(", ", windowFrames.Select(f => string.Create(
                CultureInfo.InvariantCulture,
                $"with sequences {f.Header.FirstSequence}..{f.Header.LastSequence} intact after it in the {Copies[f.Copy].Name} at segment {f.Segment} offset {f.Offset}")).Distinct())
              + " (written behind it while it was in flight, never acknowledged, cut with it)";
        string reason = closed is null
            ? $"invalid in every copy ({states}) {after}: an append in flight at the crash, never acknowledged"
            : $"invalid in every copy ({states}), past the end recorded when the log was closed cleanly: never part of the log";
        _context.Report.Add(new RepairRecord(
            RepairKind.IncompleteFrameCut,
            null,
            _context.PathOf(0, _plan.EndSegment),
            _plan.EndOffset,
            EndFrameLength(_plan.Alignment),
            _expectedSequence,
            reason));
        ReportZeroRanges("past the end of the log");
    }

    private void ReportZeroRanges(string reason)
    {
        foreach (var group in _plan.ZeroRanges.GroupBy(r => r.Copy))
        {
            long from = group.Min(r => r.Offset);
            long to = group.Max(r => r.Offset + r.Length);
            _context.Report.TailZeroed(
                group.Key,
                _context.PathOf(group.Key, _plan.EndSegment),
                from,
                to - from,
                string.Create(CultureInfo.InvariantCulture, $"{group.Sum(r => r.Length)} non-zero byte(s) {reason}"));
        }
    }

    /// <summary>
    /// Segments after the end: kept as spares if present in every copy, intact, all zeros past the
    /// header and consecutive; otherwise deleted everywhere, from the highest down (so a crash
    /// while deleting never leaves a hole in the segment chain).
    /// </summary>
    private void DecideSpares()
    {
        uint firstDeleted = 0;
        for (uint segment = _plan.EndSegment + 1; segment <= _context.MaxSegment; segment++)
        {
            long size = _context.SizeOf(segment);
            bool everywhere = _context.PresentEverywhere(segment);
            bool headersIntact = Enumerable.Range(0, Copies.Count).All(c =>
                !_context.Facts.TryGetValue((c, segment), out SegmentFacts? facts) || (facts.Header is not null && facts.Length == size));
            if (everywhere && headersIntact && !_dirtySpares.Contains(segment))
            {
                _plan.Spares.Add((segment, size));
                continue;
            }

            firstDeleted = segment;
            break;
        }

        if (firstDeleted == 0)
        {
            return;
        }

        foreach ((int copy, string fileName) in _context.FilesFrom(firstDeleted))
        {
            uint segment = SegmentFileName.TryParse(fileName, out uint number) ? number : 0;
            string reason = _neverUsed.TryGetValue(segment, out string? neverUsed)
                ? neverUsed
                : segment == firstDeleted
                    ? "a spare segment that is incomplete, damaged or not empty"
                    : "a spare segment after one that is deleted";
            Delete(copy, fileName, reason);
        }
    }

    private void Delete(int copy, string fileName, string reason)
    {
        _plan.Deletions.Add((copy, fileName));
        _context.Report.FileDeleted(copy, Copies[copy].PathOf(fileName), reason);
    }
}
