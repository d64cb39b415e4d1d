using System.Globalization;
using System.Text;
using Durably.IO;
using Durably.Storage.Format;
using Durably.Storage.Snapshots;

namespace Durably.Storage.Recovery;

/// <summary>
/// Reads every copy frame by frame and decides, position by position, what the log holds
/// (docs/format.md, "Recovery"). Produces a <see cref="RecoveryPlan"/>; writes nothing. Throws
/// <see cref="LogCorruptException"/> when acknowledged records would be lost and the mode is
/// <see cref="LogRecoveryMode.Strict"/>.
/// </summary>
internal sealed class RecoveryScan : IDisposable
{
    private const int HeaderProbeSize = 4096;

    private readonly StorageFileSystem _fileSystem;
    private readonly IReadOnlyList<LogCopyLocation> _copies;
    private readonly LogRecoveryMode _mode;
    private readonly StorageFileOptions _readOptions;
    private readonly int _deviceAlignment;
    private readonly CopyInventory[] _inventories;
    private readonly Dictionary<(int Copy, uint Segment), SegmentFacts> _facts = [];
    private readonly Dictionary<(int Copy, uint Segment), RepairTally> _tallies = [];
    private readonly Func<LogId, LogStart>? _chooseStart;
    private SegmentReader[] _readers = [];
    private StorageFile?[] _open = [];

    internal RecoveryScan(
        StorageFileSystem fileSystem,
        IReadOnlyList<LogCopyLocation> copies,
        LogRecoveryMode mode,
        bool direct,
        int deviceAlignment,
        Func<LogId, LogStart>? chooseStart = null)
    {
        _chooseStart = chooseStart;
        _fileSystem = fileSystem;
        _copies = copies;
        _mode = mode;
        _readOptions = StorageFileOptions.ReadOnly | (direct ? StorageFileOptions.Direct : StorageFileOptions.None);
        _deviceAlignment = Math.Max(deviceAlignment, LogFormat.MinimumAlignment);
        _inventories = new CopyInventory[copies.Count];
    }

    /// <summary>
    /// Runs the scan. When <paramref name="syncFirst"/> is set, every segment file and directory
    /// is fsynced first, so the decision rests on what is durable rather than on cached writes
    /// of a process that died.
    /// </summary>
    internal RecoveryPlan Run(bool syncFirst)
    {
        for (int c = 0; c < _copies.Count; c++)
        {
            _inventories[c] = CopyInventory.Take(_fileSystem, _copies[c]);
        }

        if (syncFirst)
        {
            SyncEverything();
        }

        uint maxSegment = 0;
        foreach (CopyInventory inventory in _inventories)
        {
            foreach (uint number in inventory.Segments.Keys)
            {
                maxSegment = Math.Max(maxSegment, number);
            }
        }

        if (maxSegment == 0)
        {
            var fresh = new RecoveryPlan(default, 0, isNewLog: true);
            AddTemporaryDeletions(fresh);
            return fresh;
        }

        ReadSegmentHeaders();
        (LogId logId, int alignment) = DecideIdentity();
        var plan = new RecoveryPlan(logId, alignment, isNewLog: false);
        AddTemporaryDeletions(plan);

        _readers = new SegmentReader[_copies.Count];
        _open = new StorageFile?[_copies.Count];
        for (int c = 0; c < _copies.Count; c++)
        {
            _readers[c] = new SegmentReader(alignment);
        }

        // Segment 1, or the first segment a verified snapshot needs (segments before it are retired).
        LogStart start = _chooseStart?.Invoke(logId) ?? LogStart.Beginning;
        if (!PresentAnywhere(start.Segment))
        {
            throw new LogCorruptException(
                string.Create(CultureInfo.InvariantCulture, $"Segment {start.Segment} is missing from every copy, so the start of the log is gone; refusing to open. ")
                + (start.Segment > 1 ? "(Earlier segments were retired behind a snapshot that needs this one.) " : string.Empty)
                + "Segments found: " + string.Join(", ", _inventories.Select(i => i.Location.Name + " " + string.Join(" ", i.Segments.Keys))),
                start.FirstSequence,
                [.. _copies.Select(c => c.Name + ": " + c.PathOf(SegmentFileName.For(start.Segment)) + ": missing")]);
        }

        Merge(plan, maxSegment, start);
        return plan;
    }

    public void Dispose()
    {
        CloseSegment();
        foreach (SegmentReader reader in _readers)
        {
            reader.Dispose();
        }
    }

    private void SyncEverything()
    {
        foreach (CopyInventory inventory in _inventories)
        {
            foreach (string name in inventory.Segments.Values)
            {
                using StorageFile file = _fileSystem.Open(inventory.Location.PathOf(name), StorageOpenMode.OpenExisting, StorageFileOptions.ReadOnly);
                file.Sync();
            }

            _fileSystem.SyncDirectory(inventory.Location.Directory);
        }
    }

    private void AddTemporaryDeletions(RecoveryPlan plan)
    {
        foreach (CopyInventory inventory in _inventories)
        {
            foreach (string name in inventory.Temporaries)
            {
                plan.Deletions.Add((inventory.Location.Index, name));
            }
        }
    }

    private void ReadSegmentHeaders()
    {
        int probe = Math.Max(HeaderProbeSize, _deviceAlignment);
        using var buffer = new AlignedBuffer(probe, _deviceAlignment);
        for (int c = 0; c < _copies.Count; c++)
        {
            foreach ((uint number, string name) in _inventories[c].Segments)
            {
                using StorageFile file = _fileSystem.Open(_copies[c].PathOf(name), StorageOpenMode.OpenExisting, _readOptions);
                long length = file.Length;
                SegmentHeader? header = null;
                string? problem = null;
                try
                {
                    buffer.Span.Clear();
                    int read = file.Read(0, buffer.Span);
                    header = read >= LogFormat.SegmentHeaderSize ? SegmentHeader.TryRead(buffer.Span) : null;
                    problem = header is null ? "segment header damaged" : null;
                }
                catch (StorageException e)
                {
                    problem = "segment header unreadable: " + e.Message;
                }

                if (header is { } h && (h.SegmentNumber != number || h.Copy != c || !IsPlausible(h)))
                {
                    problem = string.Create(
                        CultureInfo.InvariantCulture,
                        $"segment header belongs elsewhere (copy {h.Copy}, segment {h.SegmentNumber}, alignment {h.Alignment}, size {h.SegmentSize})");
                    header = null;
                }

                _facts[(c, number)] = new SegmentFacts(name, length, header, problem);
            }
        }
    }

    private static bool IsPlausible(SegmentHeader header) =>
        BitOperationsFacts.IsPowerOfTwo(header.Alignment)
        && header.Alignment is >= LogFormat.MinimumAlignment and <= LogFormat.MaximumAlignment
        && header.SegmentSize >= 4L * header.Alignment
        && BitOperationsFacts.IsAligned(header.SegmentSize, header.Alignment);

    private (LogId LogId, int Alignment) DecideIdentity()
    {
        SegmentHeader? first = null;
        string? firstWhere = null;
        foreach (((int copy, uint segment), SegmentFacts facts) in _facts.OrderBy(f => f.Key.Segment).ThenBy(f => f.Key.Copy))
        {
            if (facts.Header is not { } header)
            {
                continue;
            }

            string where = _copies[copy].PathOf(facts.FileName);
            if (first is null)
            {
                first = header;
                firstWhere = where;
            }
            else if (header.LogId != first.Value.LogId || header.Alignment != first.Value.Alignment)
            {
                throw new LogCorruptException(
                    $"The directories hold segments of different logs (or alignments): {firstWhere} has log {first.Value.LogId} "
                    + $"alignment {first.Value.Alignment}, {where} has log {header.LogId} alignment {header.Alignment}. Refusing to open.",
                    -1,
                    [firstWhere!, where]);
            }
        }

        if (first is null)
        {
            throw new LogCorruptException(
                "Segment files exist but no segment header is intact in any copy, so the log cannot be identified; refusing to open. Files: "
                + string.Join(", ", _facts.Select(f => _copies[f.Key.Copy].PathOf(f.Value.FileName) + " (" + f.Value.Problem + ")")),
                -1,
                [.. _facts.Select(f => _copies[f.Key.Copy].PathOf(f.Value.FileName))]);
        }

        return (first.Value.LogId, first.Value.Alignment);
    }

    private bool PresentAnywhere(uint segment)
    {
        foreach (CopyInventory inventory in _inventories)
        {
            if (inventory.Segments.ContainsKey(segment))
            {
                return true;
            }
        }

        return false;
    }

    private long SizeOf(uint segment)
    {
        long fromFile = 0;
        for (int c = 0; c < _copies.Count; c++)
        {
            if (_facts.TryGetValue((c, segment), out SegmentFacts? facts))
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

    private void OpenSegment(uint segment)
    {
        CloseSegment();
        for (int c = 0; c < _copies.Count; c++)
        {
            _open[c] = _facts.TryGetValue((c, segment), out SegmentFacts? facts)
                ? _fileSystem.Open(_copies[c].PathOf(facts.FileName), StorageOpenMode.OpenExisting, _readOptions)
                : null;
            _readers[c].Attach(_open[c]);
        }
    }

    private void CloseSegment()
    {
        for (int c = 0; c < _open.Length; c++)
        {
            _open[c]?.Dispose();
            _open[c] = null;
        }
    }

    private void Merge(RecoveryPlan plan, uint maxSegment, LogStart start)
    {
        int copies = _copies.Count;
        int alignment = plan.Alignment;
        long expectedSequence = start.FirstSequence;
        uint chain = start.ChainBefore;
        var inspections = new FrameInspection[copies];

        uint endSegment = 0;
        long endOffset = 0;
        FrameInspection[] endInspections = new FrameInspection[copies];

        for (uint segment = start.Segment; segment <= maxSegment; segment++)
        {
            if (!PresentAnywhere(segment))
            {
                break;
            }

            long size = SizeOf(segment);
            OpenSegment(segment);
            long position = alignment;
            InspectAll(plan, segment, size, position, expectedSequence, chain, inspections);
            if (segment > start.Segment && !AnyValid(inspections))
            {
                // The previous segment's end is the end of the log.
                break;
            }

            // This segment is part of the log: decide how each copy of it is repaired.
            bool[] rebuild = new bool[copies];
            var frames = new List<FrameRepair>();
            for (int c = 0; c < copies; c++)
            {
                rebuild[c] = NeedsRebuild(c, segment, size, out string? why);
                if (rebuild[c])
                {
                    Tally(c, segment).Rebuilt = why;
                }
                else if (_facts[(c, segment)].Header is null)
                {
                    plan.HeaderRepairs.Add((c, segment));
                    Tally(c, segment).HeaderProblem = _facts[(c, segment)].Problem;
                }
            }

            long firstSequence = 0;
            uint chainBefore = chain;
            while (true)
            {
                int chosen = ChooseValid(plan, segment, position, expectedSequence, inspections);
                if (chosen < 0)
                {
                    break;
                }

                FrameHeader header = inspections[chosen].Header;
                int length = inspections[chosen].AlignedLength;
                frames.Add(new FrameRepair(-1, chosen, segment, position, length));
                for (int c = 0; c < copies; c++)
                {
                    if (!inspections[c].IsValid && !rebuild[c])
                    {
                        plan.FrameRepairs.Add(new FrameRepair(c, chosen, segment, position, length));
                        Tally(c, segment).AddFrame(position, header.FirstSequence, inspections[c].Describe(), _copies[chosen].Name);
                    }
                }

                if (firstSequence == 0)
                {
                    firstSequence = header.FirstSequence;
                }

                expectedSequence = header.LastSequence + 1;
                chain = header.Crc;
                plan.FrameCount++;
                position += length;
                InspectAll(plan, segment, size, position, expectedSequence, chain, inspections);
            }

            for (int c = 0; c < copies; c++)
            {
                if (rebuild[c])
                {
                    plan.Rebuilds.Add(new SegmentRebuild(c, segment, size, [.. frames.Select(f => f with { Copy = c })]));
                }
            }

            plan.Segments.Add(new RecoveredSegment(segment, size, firstSequence, position, chainBefore));
            endSegment = segment;
            endOffset = position;
            Array.Copy(inspections, endInspections, copies);
        }

        CloseSegment();
        plan.EndSegment = endSegment;
        plan.EndOffset = endOffset;
        plan.LastSequence = expectedSequence - 1;
        plan.LastCrc = chain;

        ScanAfterEnd(plan, maxSegment, expectedSequence, endInspections);
        WriteReport(plan);
    }

    private void InspectAll(RecoveryPlan plan, uint segment, long size, long position, long sequence, uint chain, FrameInspection[] into)
    {
        var expect = new FrameExpectation(plan.LogId, segment, size, position, sequence, chain);
        for (int c = 0; c < _copies.Count; c++)
        {
            into[c] = _readers[c].HasFile
                ? FrameInspector.Inspect(_readers[c], expect, plan.Alignment)
                : new FrameInspection(FrameState.Missing, default, 0, "no segment file");
        }
    }

    private static bool AnyValid(FrameInspection[] inspections)
    {
        foreach (FrameInspection inspection in inspections)
        {
            if (inspection.IsValid)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The copy whose frame to take (the primary when both are valid), or -1 if none is valid.</summary>
    private int ChooseValid(RecoveryPlan plan, uint segment, long position, long sequence, FrameInspection[] inspections)
    {
        int chosen = -1;
        for (int c = 0; c < inspections.Length; c++)
        {
            if (!inspections[c].IsValid)
            {
                continue;
            }

            if (chosen < 0)
            {
                chosen = c;
            }
            else if (inspections[c].Header.Crc != inspections[chosen].Header.Crc)
            {
                // Both intact, both bound here, both continuing the chain, yet different: no rule can pick one.
                string message = string.Create(
                    CultureInfo.InvariantCulture,
                    $"The copies hold different valid frames for sequence {sequence} at segment {segment} offset {position} "
                    + $"({_copies[chosen].Name} CRC {inspections[chosen].Header.Crc:x8}, {_copies[c].Name} CRC {inspections[c].Header.Crc:x8}).");
                if (_mode == LogRecoveryMode.Strict)
                {
                    throw new LogCorruptException(
                        message + " Refusing to open; AcceptDataLoss takes the primary's.",
                        sequence,
                        [.. _copies.Select(copy => copy.Name + ": " + copy.PathOf(SegmentFileName.For(segment)) + " offset " + position.ToString(CultureInfo.InvariantCulture))]);
                }

                plan.Report.Add(message + " Took the " + _copies[chosen].Name + "'s (AcceptDataLoss).");
                inspections[c] = inspections[c] with { State = FrameState.Stale, Problem = "differs from the " + _copies[chosen].Name };
            }
        }

        return chosen;
    }

    private bool NeedsRebuild(int copy, uint segment, long size, out string? why)
    {
        if (!_facts.TryGetValue((copy, segment), out SegmentFacts? facts))
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

    /// <summary>
    /// Looks past the end in every copy: collects non-zero blocks to zero, keeps untouched spare
    /// segments, and refuses (or truncates) if any intact frame bound to its position lies there,
    /// because then the invalid frame at the end is not a torn last write but lost data. A block
    /// that no copy can read is unknown, not torn: it may hold an acknowledged frame, so one that
    /// lies beyond what the end frame can cover is treated like an intact later frame, except in
    /// a segment after the end segment that never held a frame (<see cref="NeverHeldFrames"/>).
    /// </summary>
    private void ScanAfterEnd(RecoveryPlan plan, uint maxSegment, long expectedSequence, FrameInspection[] endInspections)
    {
        int alignment = plan.Alignment;
        (int Copy, uint Segment, long Offset, FrameHeader Header)? laterFrame = null;
        (uint Segment, long Offset)? unknownBlock = null;
        var neverUsed = new List<string>();
        long endReach = plan.EndOffset + EndFrameLength(alignment, endInspections);
        var dirtySpares = new HashSet<uint>();
        var unreadable = new HashSet<long>?[_copies.Count];
        var limits = new long[_copies.Count];

        for (uint segment = plan.EndSegment; segment <= maxSegment; segment++)
        {
            if (!PresentAnywhere(segment))
            {
                continue;
            }

            long size = SizeOf(segment);
            OpenSegment(segment);
            Array.Clear(unreadable);
            Array.Clear(limits);
            bool firstFramePositionReached = false;
            bool firstFramePositionHoldsData = false;
            for (int c = 0; c < _copies.Count; c++)
            {
                SegmentReader reader = _readers[c];
                if (!reader.HasFile)
                {
                    continue;
                }

                long start = segment == plan.EndSegment ? plan.EndOffset : alignment;
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
                    if (segment > plan.EndSegment && block == alignment)
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
                        AddZeroRange(plan, dirtySpares, c, segment, rangeStart, block - rangeStart);
                        rangeStart = -1;
                    }

                    bool pastTheEndFrame = segment > plan.EndSegment || block > plan.EndOffset;
                    if (readable && pastTheEndFrame && laterFrame is null && FrameHeader.HasMagic(bytes))
                    {
                        var expect = new FrameExpectation(plan.LogId, segment, size, block, 0, 0, CheckContinuity: false);
                        FrameInspection found = FrameInspector.Inspect(reader, expect, alignment);
                        if (found.IsValid)
                        {
                            laterFrame = (c, segment, block, found.Header);
                        }
                    }
                }

                if (rangeStart >= 0)
                {
                    AddZeroRange(plan, dirtySpares, c, segment, rangeStart, limit - rangeStart);
                }
            }

            if (unknownBlock is null)
            {
                long beyond = segment == plan.EndSegment ? endReach : 0;
                long first = FirstUnreadableEverywhere(unreadable, limits, beyond);
                if (first >= 0 && segment > plan.EndSegment && NeverHeldFrames(firstFramePositionReached && !firstFramePositionHoldsData, out string absentFrom))
                {
                    neverUsed.Add(string.Create(
                        CultureInfo.InvariantCulture,
                        $"No copy can read segment {segment} offset {first}, past the end of the log, but segment {segment} is absent from "
                        + $"the {absentFrom} and no copy holds data at its first frame position, so it never held acknowledged records "
                        + $"(a spare whose creation or deletion a crash interrupted)."));
                }
                else if (first >= 0)
                {
                    unknownBlock = (segment, first);
                }
            }
        }

        CloseSegment();

        if (laterFrame is { } later)
        {
            HandleLostRecords(plan, maxSegment, expectedSequence, endInspections, later);
            return;
        }

        if (unknownBlock is { } unknown)
        {
            HandleUnreadablePastEnd(plan, maxSegment, expectedSequence, endInspections, unknown);
            return;
        }

        plan.Report.AddRange(neverUsed);

        DescribeCutTail(plan, expectedSequence, endInspections);
        DecideSpares(plan, maxSegment, dirtySpares);
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
        for (int c = 0; c < _readers.Length; c++)
        {
            if (!_readers[c].HasFile)
            {
                absent.Add(_copies[c].Name);
            }
        }

        absentFrom = string.Join(" and the ", absent);
        return absent.Count > 0 && firstFramePositionWithoutData;
    }

    /// <summary>
    /// How far the frame at the end of the log can reach: its length where some copy still holds
    /// a readable header, else one block. Without a header nothing shows that later blocks belong
    /// to that frame, so only its first block may be taken for the torn last write.
    /// </summary>
    private static long EndFrameLength(int alignment, FrameInspection[] endInspections)
    {
        long length = alignment;
        foreach (FrameInspection inspection in endInspections)
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

    private static void AddZeroRange(RecoveryPlan plan, HashSet<uint> dirtySpares, int copy, uint segment, long offset, long length)
    {
        if (segment == plan.EndSegment)
        {
            plan.ZeroRanges.Add((copy, segment, offset, length));
        }
        else
        {
            dirtySpares.Add(segment);
        }
    }

    private void HandleLostRecords(
        RecoveryPlan plan,
        uint maxSegment,
        long expectedSequence,
        FrameInspection[] endInspections,
        (int Copy, uint Segment, long Offset, FrameHeader Header) later)
    {
        var locations = new List<string>();
        for (int c = 0; c < _copies.Count; c++)
        {
            locations.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{_copies[c].Name}: {_copies[c].PathOf(SegmentFileName.For(plan.EndSegment))} offset {plan.EndOffset}: {endInspections[c].Describe()}"));
        }

        string message = string.Create(
            CultureInfo.InvariantCulture,
            $"Record {expectedSequence} is damaged in every copy, but later records exist (e.g. sequence {later.Header.FirstSequence} in the "
            + $"{_copies[later.Copy].Name} at {_copies[later.Copy].PathOf(SegmentFileName.For(later.Segment))} offset {later.Offset}), "
            + $"so records from {expectedSequence} on would be lost. {string.Join("; ", locations)}.");

        if (_mode == LogRecoveryMode.Strict)
        {
            throw new LogCorruptException(message + " Refusing to open; open with RecoveryMode.AcceptDataLoss to truncate there.", expectedSequence, locations);
        }

        plan.Report.Add("ACCEPTED DATA LOSS: " + message + " The log was truncated before that record.");
        DeleteSegmentsAfterEnd(plan, maxSegment);
    }

    private void HandleUnreadablePastEnd(
        RecoveryPlan plan,
        uint maxSegment,
        long expectedSequence,
        FrameInspection[] endInspections,
        (uint Segment, long Offset) unknown)
    {
        var locations = new List<string>();
        for (int c = 0; c < _copies.Count; c++)
        {
            locations.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{_copies[c].Name}: {_copies[c].PathOf(SegmentFileName.For(plan.EndSegment))} offset {plan.EndOffset}: {endInspections[c].Describe()}"));
        }

        for (int c = 0; c < _copies.Count; c++)
        {
            locations.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{_copies[c].Name}: {_copies[c].PathOf(SegmentFileName.For(unknown.Segment))} offset {unknown.Offset}: unreadable or absent"));
        }

        string message = string.Create(
            CultureInfo.InvariantCulture,
            $"Record {expectedSequence} is not intact in any copy, and past where that frame can reach no copy can read "
            + $"segment {unknown.Segment} offset {unknown.Offset}, which may hold acknowledged records, so records from {expectedSequence} on "
            + $"may be lost (an unreadable block is unknown, not torn). {string.Join("; ", locations)}.");

        if (_mode == LogRecoveryMode.Strict)
        {
            throw new LogCorruptException(message + " Refusing to open; open with RecoveryMode.AcceptDataLoss to truncate there.", expectedSequence, locations);
        }

        plan.Report.Add("ACCEPTED DATA LOSS: " + message + " The log was truncated before that record.");
        DeleteSegmentsAfterEnd(plan, maxSegment);
    }

    /// <summary>
    /// After a truncation everything after the end goes: the rest of the end segment is zeroed
    /// (ranges collected by the scan) and later segments are deleted from every copy.
    /// </summary>
    private void DeleteSegmentsAfterEnd(RecoveryPlan plan, uint maxSegment)
    {
        for (uint segment = plan.EndSegment + 1; segment <= maxSegment; segment++)
        {
            for (int c = 0; c < _copies.Count; c++)
            {
                if (_facts.TryGetValue((c, segment), out SegmentFacts? facts))
                {
                    plan.Deletions.Add((c, facts.FileName));
                }
            }
        }
    }

    private void DescribeCutTail(RecoveryPlan plan, long expectedSequence, FrameInspection[] endInspections)
    {
        bool anythingThere = false;
        foreach (FrameInspection inspection in endInspections)
        {
            anythingThere |= inspection.State != FrameState.Missing;
        }

        if (!anythingThere)
        {
            return;
        }

        var states = new StringBuilder();
        for (int c = 0; c < _copies.Count; c++)
        {
            _ = states.Append(c == 0 ? string.Empty : "; ").Append(_copies[c].Name).Append(": ").Append(endInspections[c].Describe());
        }

        plan.Report.Add(string.Create(
            CultureInfo.InvariantCulture,
            $"Cut an incomplete frame at the end of the log (segment {plan.EndSegment} offset {plan.EndOffset}, would-be sequence {expectedSequence}; {states}): "
            + $"an append in flight at the crash, never acknowledged."));
    }

    private void DecideSpares(RecoveryPlan plan, uint maxSegment, HashSet<uint> dirtySpares)
    {
        bool contiguous = true;
        for (uint segment = plan.EndSegment + 1; segment <= maxSegment; segment++)
        {
            bool everywhere = true;
            bool headersIntact = true;
            long size = SizeOf(segment);
            for (int c = 0; c < _copies.Count; c++)
            {
                if (!_facts.TryGetValue((c, segment), out SegmentFacts? facts))
                {
                    everywhere = false;
                }
                else if (facts.Header is null || facts.Length != size)
                {
                    headersIntact = false;
                }
            }

            if (contiguous && everywhere && headersIntact && !dirtySpares.Contains(segment))
            {
                plan.Spares.Add((segment, size));
                continue;
            }

            // A spare that is incomplete, damaged or written to is not worth mending: delete it
            // everywhere and let the preallocator make a fresh one.
            contiguous = false;
            for (int c = 0; c < _copies.Count; c++)
            {
                if (_facts.TryGetValue((c, segment), out SegmentFacts? facts))
                {
                    plan.Deletions.Add((c, facts.FileName));
                }
            }
        }
    }

    private RepairTally Tally(int copy, uint segment)
    {
        if (!_tallies.TryGetValue((copy, segment), out RepairTally? tally))
        {
            tally = new RepairTally();
            _tallies[(copy, segment)] = tally;
        }

        return tally;
    }

    private void WriteReport(RecoveryPlan plan)
    {
        foreach (((int copy, uint segment), RepairTally tally) in _tallies.OrderBy(t => t.Key.Segment).ThenBy(t => t.Key.Copy))
        {
            if (segment > plan.EndSegment)
            {
                continue;
            }

            string file = _copies[copy].PathOf(SegmentFileName.For(segment));
            string name = _copies[copy].Name;
            if (tally.Rebuilt is not null)
            {
                plan.Report.Add($"{name}: rebuilt {file} ({tally.Rebuilt}) from the other copy.");
            }

            if (tally.HeaderProblem is not null)
            {
                plan.Report.Add($"{name}: rewrote the header of {file} ({tally.HeaderProblem}).");
            }

            if (tally.Frames > 0)
            {
                plan.Report.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{name}: rewrote {tally.Frames} frame(s) of {file} from the {tally.Source}; first at offset {tally.FirstOffset} "
                    + $"(sequence {tally.FirstSequence}): {tally.FirstProblem}."));
            }
        }

        foreach ((int copy, string fileName) in plan.Deletions)
        {
            plan.Report.Add($"{_copies[copy].Name}: deleted {_copies[copy].PathOf(fileName)} (a leftover temporary, or a spare segment that was incomplete or not empty).");
        }

        var zeroed = plan.ZeroRanges.GroupBy(r => r.Copy).Select(g => (Copy: g.Key, Bytes: g.Sum(r => r.Length)));
        foreach ((int copy, long bytes) in zeroed)
        {
            plan.Report.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{_copies[copy].Name}: zeroed {bytes} byte(s) past the end of the log in {_copies[copy].PathOf(SegmentFileName.For(plan.EndSegment))}."));
        }
    }

    /// <summary>What the header read found about one copy of one segment.</summary>
    private sealed record SegmentFacts(string FileName, long Length, SegmentHeader? Header, string? Problem);

    /// <summary>Counts repairs of one copy of one segment, for a one-line report.</summary>
    private sealed class RepairTally
    {
        internal string? Rebuilt { get; set; }

        internal string? HeaderProblem { get; set; }

        internal int Frames { get; private set; }

        internal long FirstOffset { get; private set; }

        internal long FirstSequence { get; private set; }

        internal string? FirstProblem { get; private set; }

        internal string? Source { get; private set; }

        internal void AddFrame(long offset, long sequence, string problem, string source)
        {
            if (Frames++ == 0)
            {
                FirstOffset = offset;
                FirstSequence = sequence;
                FirstProblem = problem;
                Source = source;
            }
        }
    }
}
