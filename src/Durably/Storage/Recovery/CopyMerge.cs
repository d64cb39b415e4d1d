using System.Diagnostics;
using System.Globalization;
using Durably.Storage.Format;
using Durably.Storage.Snapshots;

namespace Durably.Storage.Recovery;

/// <summary>
/// The second job of recovery: walk the log frame by frame from its start, inspect every copy at
/// each position, take the valid frame (docs/format.md, decision table) and plan what each copy
/// lacks: frames to rewrite, headers to rewrite, segment files to rebuild. Stops at the first
/// position where no copy holds a valid frame (the end, which the past-the-end scan judges).
/// </summary>
internal sealed class CopyMerge
{
    private readonly ScanContext _context;
    private readonly RecoveryPlan _plan;
    private readonly FrameInspection[] _inspections;

    internal CopyMerge(ScanContext context, RecoveryPlan plan)
    {
        _context = context;
        _plan = plan;
        _inspections = new FrameInspection[context.Copies.Count];
    }

    /// <summary>
    /// Merges from <paramref name="start"/>; fills the plan's end, segments and repairs, and
    /// returns what each copy held at the end position.
    /// </summary>
    internal FrameInspection[] Run(LogStart start)
    {
        int copies = _context.Copies.Count;
        long expectedSequence = start.FirstSequence;
        uint chain = start.ChainBefore;
        uint endSegment = 0;
        long endOffset = 0;
        var endInspections = new FrameInspection[copies];

        for (uint segment = start.Segment; segment <= _context.MaxSegment; segment++)
        {
            if (!_context.PresentAnywhere(segment))
            {
                break;
            }

            long size = _context.SizeOf(segment);
            _context.OpenSegment(segment);
            long position = _plan.Alignment;
            InspectAll(segment, size, position, expectedSequence, chain);
            if (segment > start.Segment && !_inspections.Any(i => i.IsValid))
            {
                // The previous segment's end is the end of the log.
                break;
            }

            // This segment is part of the log: decide how each copy of it is repaired.
            bool[] rebuild = new bool[copies];
            string?[] rebuildReasons = new string?[copies];
            for (int c = 0; c < copies; c++)
            {
                rebuild[c] = NeedsRebuild(c, segment, size, out rebuildReasons[c]);
                if (!rebuild[c] && _context.Facts[(c, segment)].Header is null)
                {
                    _plan.HeaderRepairs.Add((c, segment));
                    _context.Report.HeaderRewritten(c, _context.PathOf(c, segment), LogFormat.SegmentHeaderSize, _context.Facts[(c, segment)].Problem!);
                }
            }

            var frames = new List<FrameRepair>();
            long firstSequence = 0;
            uint chainBefore = chain;
            while (true)
            {
                int chosen = ChooseValid(segment, position, expectedSequence);
                if (chosen < 0)
                {
                    break;
                }

                FrameHeader header = _inspections[chosen].Header;
                int length = _inspections[chosen].AlignedLength;
                Debug.Assert(header.FirstSequence == expectedSequence, "a chosen frame continues the sequence (ChooseValid only accepts frames bound here)");
                Debug.Assert(header.LastSequence >= header.FirstSequence, "a frame holds at least one record");
                Debug.Assert(length > 0 && length % _plan.Alignment == 0 && position + length <= size, "a frame is whole, aligned and inside its segment");
                int source = RepairSource(rebuild, chosen);
                frames.Add(new FrameRepair(-1, source, segment, position, length));
                for (int c = 0; c < copies; c++)
                {
                    if (!_inspections[c].IsValid && !rebuild[c])
                    {
                        _plan.FrameRepairs.Add(new FrameRepair(c, source, segment, position, length));
                        _context.Report.FrameRewritten(c, segment, _context.PathOf(c, segment), position, length, header.FirstSequence, _inspections[c].Describe(), source);
                    }
                }

                if (firstSequence == 0)
                {
                    firstSequence = header.FirstSequence;
                }

                expectedSequence = header.LastSequence + 1;
                chain = header.Crc;
                _plan.FrameCount++;
                position += length;
                InspectAll(segment, size, position, expectedSequence, chain);
            }

            for (int c = 0; c < copies; c++)
            {
                if (rebuild[c])
                {
                    _plan.Rebuilds.Add(new SegmentRebuild(c, segment, size, [.. frames.Select(f => f with { Copy = c })]));
                    _context.Report.SegmentRebuilt(c, _context.PathOf(c, segment), firstSequence > 0 ? firstSequence : -1, rebuildReasons[c]!);
                }
            }

            _plan.Segments.Add(new RecoveredSegment(segment, size, firstSequence, position, chainBefore));
            endSegment = segment;
            endOffset = position;
            Array.Copy(_inspections, endInspections, copies);
        }

        _context.CloseSegment();
        Debug.Assert(expectedSequence >= start.FirstSequence, "the merge never moves the sequence backwards");
        Debug.Assert(_plan.Segments.Count == 0 || _plan.Segments[^1].Number == endSegment, "the log ends in the last segment the merge kept");
        _plan.EndSegment = endSegment;
        _plan.EndOffset = endOffset;
        _plan.LastSequence = expectedSequence - 1;
        _plan.LastCrc = chain;
        return endInspections;
    }

    private void InspectAll(uint segment, long size, long position, long sequence, uint chain)
    {
        var expect = new FrameExpectation(_plan.LogId, segment, size, position, sequence, chain);
        for (int c = 0; c < _context.Copies.Count; c++)
        {
            _inspections[c] = _context.Readers[c].HasFile
                ? FrameInspector.Inspect(_context.Readers[c], expect, _plan.Alignment)
                : new FrameInspection(FrameState.Missing, default, 0, "no segment file");
        }
    }

    /// <summary>The copy whose frame to take (the primary when both are valid and agree), or -1 if none is valid.</summary>
    private int ChooseValid(uint segment, long position, long sequence)
    {
        int chosen = -1;
        for (int c = 0; c < _inspections.Length; c++)
        {
            if (!_inspections[c].IsValid)
            {
                continue;
            }

            if (chosen < 0)
            {
                chosen = c;
            }
            else if (_inspections[c].Header.Crc != _inspections[chosen].Header.Crc)
            {
                // Both intact, both bound here, both continuing the chain, yet different: no rule can pick one.
                string finding = string.Create(
                    CultureInfo.InvariantCulture,
                    $"The copies hold different valid frames for sequence {sequence} at segment {segment} offset {position} "
                    + $"({_context.Copies[chosen].Name} CRC {_inspections[chosen].Header.Crc:x8}, {_context.Copies[c].Name} CRC {_inspections[c].Header.Crc:x8}).");
                _context.Loss.RefuseOrAccept(
                    finding,
                    sequence,
                    [.. _context.Copies.Select(copy => copy.Name + ": " + copy.PathOf(SegmentFileName.For(segment)) + " offset " + position.ToString(CultureInfo.InvariantCulture))],
                    "the " + _context.Copies[chosen].Name + "'s frame is taken and the " + _context.Copies[c].Name + "'s overwritten",
                    _context.Copies[c].Name,
                    _context.PathOf(c, segment),
                    position);
                _inspections[c] = _inspections[c] with { State = FrameState.Stale, Problem = "differs from the " + _context.Copies[chosen].Name };
            }
        }

        return chosen;
    }

    /// <summary>
    /// The copy a repair copies a frame from (docs/format.md, "Which copy a repair reads"): one
    /// that holds the frame valid and whose segment file is not itself being rebuilt, else the
    /// chosen copy. A copy cut short can still show a frame valid (bytes past its end read as
    /// zeros, as a frame's padding does), but it is the damaged one.
    /// </summary>
    private int RepairSource(bool[] rebuild, int chosen)
    {
        for (int c = 0; c < _inspections.Length; c++)
        {
            if (_inspections[c].IsValid && !rebuild[c] && _inspections[c].Header.Crc == _inspections[chosen].Header.Crc)
            {
                return c;
            }
        }

        return chosen;
    }

    private bool NeedsRebuild(int copy, uint segment, long size, out string? why)
    {
        if (!_context.Facts.TryGetValue((copy, segment), out SegmentFacts? facts))
        {
            why = "segment file missing";
            return true;
        }

        if (facts.Length != size)
        {
            why = string.Create(CultureInfo.InvariantCulture, $"file length {facts.Length}, expected {size}");
            return true;
        }

        why = null;
        return false;
    }
}
