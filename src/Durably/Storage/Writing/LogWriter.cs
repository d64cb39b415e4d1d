using Durably.Threading;
using System.Diagnostics;
using System.Globalization;
using Durably.Diagnostics;
using Durably.IO;
using Durably.Storage.Format;
using Durably.Storage.Segments;

namespace Durably.Storage.Writing;

/// <summary>
/// The log thread's work: take every sequenced append that arrived while earlier frames were on
/// disk, encode them into one frame, write it to each copy as one aligned write chained to an
/// fdatasync (and a read-back), and acknowledge them when every copy completed. Up to
/// <c>FramesInFlight</c> frames are on their way at once (pipelining): the next frame is built at the
/// cursor after the previous one, chained to its CRC, and submitted while the previous one is still
/// being written and flushed; frames are acknowledged strictly in sequence order, each only once it and
/// every frame before it are durable and verified in every copy. Any failure — error, short write,
/// read-back mismatch, in any frame in flight — faults the log and fails every append not yet
/// acknowledged; nothing is retried.
/// </summary>
internal sealed class LogWriter : IDisposable
{
    private readonly IoEngine _engine;
    private readonly IReadOnlyList<LogCopyLocation> _copies;
    private readonly CommitQueue _queue;
    private readonly LogSegmentIndex _index;
    private readonly LogId _logId;
    private readonly Action<ContinuationFailure>? _onSchedulingFailure;
    private readonly int _alignment;
    private readonly int _maxFrameSize;
    private readonly bool _verify;
    private readonly bool _syncAfterWrite;
    private readonly LogCopyOrdering _ordering;
    private readonly Action<LogFault> _onFault;
    private readonly Action _obtainSpare;
    private readonly InFlightFrame[] _frames;
    private readonly IoOperation[] _operations;
    private readonly int[] _operationCopy;
    private readonly int[] _reaped;
    private CommittedAppend[] _committed = new CommittedAppend[16];
    private int _oldest;
    private int _inFlight;
    private long _nextTag;
    private bool _faulted;
    private Queue<PendingAppend> _carry = new();
    private SegmentFiles _active;
    private long _cursor;
    private uint _chain;
    private bool _activeIndexed;
    private long _lastDurable;
    private long _commits;
    private long _bytesCommitted;

    internal LogWriter(
        IoEngine engine,
        IReadOnlyList<LogCopyLocation> copies,
        CommitQueue queue,
        LogSegmentIndex index,
        LogWriterStart start,
        LogWriterSettings settings,
        FrameBuffers buffers,
        Action<LogFault> onFault,
        Action obtainSpare,
        Action<ContinuationFailure>? onSchedulingFailure = null)
    {
        _onSchedulingFailure = onSchedulingFailure;
        _engine = engine;
        _copies = copies;
        _queue = queue;
        _index = index;
        _logId = settings.LogId;
        _alignment = settings.Alignment;
        _maxFrameSize = settings.MaxFrameSize;
        _verify = settings.VerifyAfterWrite;
        _syncAfterWrite = settings.SyncAfterWrite;
        _ordering = settings.Ordering;
        _onFault = onFault;
        _obtainSpare = obtainSpare;
        _active = start.Active;
        _cursor = start.Cursor;
        _chain = start.Chain;
        _activeIndexed = start.ActiveIndexed;
        _lastDurable = start.LastSequence;

        if (buffers.All[0].Length < _maxFrameSize || buffers.ReadBackCopies != (_verify ? copies.Count : 0))
        {
            throw new ArgumentException("The frame buffers do not match the writer's settings.", nameof(buffers));
        }

        _operations = new IoOperation[copies.Count * 3];
        _operationCopy = new int[_operations.Length];
        _reaped = new int[_operations.Length];

        // Frames in flight: as many as there are buffer sets, but no more than the engine runs at once.
        _frames = new InFlightFrame[Math.Max(1, Math.Min(buffers.FramesInFlight, engine.MaxGroupsInFlight))];
        for (int f = 0; f < _frames.Length; f++)
        {
            int first = buffers.FrameIndex(f);
            AlignedBuffer[] readBacks = [.. Enumerable.Range(first + 1, buffers.ReadBackCopies).Select(i => buffers.All[i])];
            _frames[f] = new InFlightFrame(first, buffers.All[first], readBacks, _operations.Length);
        }
    }

    /// <summary>How many frames may be on their way to disk at once.</summary>
    internal int FramesInFlight => _frames.Length;

    /// <summary>The highest sequence number durable in every copy.</summary>
    internal long LastDurableSequence => Volatile.Read(ref _lastDurable);

    /// <summary>Frames made durable in every copy since the log was opened (one per group commit).</summary>
    internal long CommitCount => Volatile.Read(ref _commits);

    /// <summary>Bytes of frames (aligned, per copy) made durable since the log was opened.</summary>
    internal long BytesCommitted => Volatile.Read(ref _bytesCommitted);

    /// <summary>Where commits, bytes, latency and verification failures are counted.</summary>
    internal StateMetrics Metrics { get; init; } = StateMetrics.Untyped;

    /// <summary>The segment being written.</summary>
    internal uint ActiveSegmentNumber => _active.Number;

    /// <summary>
    /// Where the log ends, for the clean-close record. Only meaningful once the writer has stopped
    /// without a fault: then every framed record is durable and the chain is the last frame's CRC.
    /// </summary>
    internal CleanCloseRecord EndRecord() => new(_logId, LastDurableSequence, _chain, _active.Number, _cursor);

    /// <summary>Runs commits until the log closes or faults (the log thread's body).</summary>
    internal void RunUntilStopped()
    {
        while (CommitOne(block: true))
        {
        }
    }

    /// <summary>
    /// One step of the commit cycle: frames and submits queued appends while fewer than
    /// <see cref="FramesInFlight"/> frames are on their way, then waits for the oldest frame in
    /// flight and acknowledges it. Returns false when there was nothing to do (and, if
    /// <paramref name="block"/>, nothing will come) or the log faulted.
    /// </summary>
    internal bool CommitOne(bool block)
    {
        try
        {
            return CommitStep(block);
        }
        catch (Exception e)
        {
            // A bug or an engine failure outside any operation's result: fail-stop all the same,
            // on the log thread and under manual scheduling alike; the cursor may already have
            // moved past frames whose appends would otherwise never be settled.
            Fault(new LogFault("Committing a frame failed unexpectedly: " + e.GetType().Name + ": " + e.Message, null, null, -1, 0));
            return false;
        }
    }

    private bool CommitStep(bool block)
    {
        if (_faulted)
        {
            return false;
        }

        bool submitted = false;
        while (_inFlight < _frames.Length)
        {
            // Wait for appends only with nothing on disk: otherwise go on to the frames in flight,
            // and take what arrived meanwhile at the next step.
            FrameSubmission next = SubmitFrame(block && _inFlight == 0);
            if (next == FrameSubmission.Stopped)
            {
                return false;
            }

            if (next != FrameSubmission.Submitted)
            {
                break;
            }

            submitted = true;
        }

        return _inFlight == 0 ? submitted : RetireOldest();
    }

    private FrameSubmission SubmitFrame(bool block)
    {
        if (_carry.Count == 0 && !_queue.TakeIncoming(ref _carry, block))
        {
            return FrameSubmission.NothingQueued;
        }

        if (_queue.Fault is { } fault)
        {
            StopAfterFault(fault);
            return FrameSubmission.Stopped;
        }

        long single = WorstCase(_carry.Peek().Record.Length);
        if (_cursor + single > _active.Size)
        {
            if (_inFlight > 0)
            {
                // A segment switch waits until what is in flight in this segment is acknowledged.
                return FrameSubmission.MustDrain;
            }

            if (!SwitchSegment())
            {
                return FrameSubmission.Stopped;
            }
        }

        InFlightFrame frame = _frames[(_oldest + _inFlight) % _frames.Length];
        int length = BuildFrame(frame, out FrameHeader header, out long framedWorstCase);
        long offset = _cursor;
        _cursor += length;
        _chain = header.Crc;
        _queue.OnFramed(framedWorstCase, _active.Size - _cursor);

        int count = BuildOperations(length, offset);
        frame.Stage(_operations.AsSpan(0, count), _operationCopy.AsSpan(0, count));
        frame.Header = header;
        frame.Length = length;
        frame.Tag = ++_nextTag;
        frame.Started = Stopwatch.GetTimestamp();
        _inFlight++;
        _engine.SubmitGroup(frame.Tag, frame.Operations.AsSpan(0, count));
        return FrameSubmission.Submitted;
    }

    /// <summary>
    /// Reaps until the oldest frame in flight has completed, and acknowledges it. A failure in any
    /// frame reaped on the way faults the log at once: nothing later is acknowledged, and what is
    /// still in flight is reaped first, so no buffer is reused or freed while the engine holds it.
    /// </summary>
    private bool RetireOldest()
    {
        InFlightFrame oldest = _frames[_oldest];
        while (!oldest.Reaped)
        {
            if (ReapOne() is { } failure)
            {
                DrainInFlight();
                Fault(failure);
                return false;
            }
        }

        if (_queue.Fault is { } fault)
        {
            // Faulted elsewhere (segment preallocation, say) meanwhile: fail-stop, nothing more is acknowledged.
            StopAfterFault(fault);
            return false;
        }

        FrameHeader header = oldest.Header;
        if (!_activeIndexed)
        {
            _index.Add(new IndexedSegment(_active.Number, _active.Size, header.FirstSequence, header.PreviousCrc));
            _activeIndexed = true;
        }

        Debug.Assert(header.FirstSequence == _lastDurable + 1, "frames become durable in sequence order, with no gap");
        Debug.Assert(header.LastSequence - header.FirstSequence + 1 == oldest.Batch.Count, "a frame holds exactly the records of its batch");
        Volatile.Write(ref _lastDurable, header.LastSequence);
        Volatile.Write(ref _commits, _commits + 1);
        Volatile.Write(ref _bytesCommitted, _bytesCommitted + oldest.Length);
        Metrics.Committed(oldest.Batch.Count, (long)oldest.Length * _copies.Count, Stopwatch.GetTimestamp() - oldest.Started);
        _oldest = (_oldest + 1) % _frames.Length;
        _inFlight--;
        Acknowledge(oldest.Batch);
        return true;
    }

    /// <summary>Reaps one group (whichever the engine completes first) and checks its frame; returns the failure, if any.</summary>
    private LogFault? ReapOne()
    {
        long tag = _engine.ReapGroup(_reaped);
        InFlightFrame frame = FrameTagged(tag);
        _reaped.AsSpan(0, frame.OperationCount).CopyTo(frame.Results);
        frame.Reaped = true;
        LogFault? failure = FindFailure(frame);
        if (failure is null && FindMismatch(frame) is { } mismatch)
        {
            Metrics.VerifyFailed();
            failure = mismatch;
        }

        return failure;
    }

    // The log faulted elsewhere: let the engine finish what is in flight, then fail everything held.
    private void StopAfterFault(LogFault fault)
    {
        _faulted = true;
        DrainInFlight();
        FailPending(fault);
    }

    // After a failure: lets the engine finish what is in flight (its outcome no longer matters).
    private void DrainInFlight()
    {
        for (int i = 0; i < _inFlight; i++)
        {
            while (!_frames[(_oldest + i) % _frames.Length].Reaped)
            {
                _ = ReapOne();
            }
        }
    }

    private InFlightFrame FrameTagged(long tag)
    {
        for (int i = 0; i < _inFlight; i++)
        {
            InFlightFrame frame = _frames[(_oldest + i) % _frames.Length];
            if (frame.Tag == tag && !frame.Reaped)
            {
                return frame;
            }
        }

        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The engine completed group {tag}, which is not in flight."));
    }

    /// <summary>
    /// Hands the durable frame's appends over: appends with a token to their sink in one call, in
    /// sequence order; the others complete their callers' tasks.
    /// </summary>
    private void Acknowledge(List<PendingAppend> batch)
    {
        ICommitSink? sink = null;
        int committed = 0;
        if (_committed.Length < batch.Count)
        {
            _committed = new CommittedAppend[Math.Max(batch.Count, _committed.Length * 2)];
        }

        foreach (PendingAppend append in batch)
        {
            if (append.Token is { } token)
            {
                sink = append.Sink;
                _committed[committed++] = new CommittedAppend(append.Sequence, token);
                append.Recycle();
            }
            else if (append.Succeed() is { } refused)
            {
                _onSchedulingFailure?.Invoke(refused);
            }
        }

        batch.Clear();
        if (sink is not null)
        {
            sink.OnCommitted(_committed.AsSpan(0, committed));
            _committed.AsSpan(0, committed).Clear();
        }
    }

    /// <summary>Fails what the writer holds and faults the log.</summary>
    internal void Fault(LogFault fault)
    {
        _faulted = true;
        _onFault(fault);
        FailPending(_queue.Fault ?? fault);
    }

    public void Dispose()
    {
        _active.Unregister(_engine);
        _active.Dispose();
    }

    private long WorstCase(int recordLength) =>
        BitOperationsFacts.AlignUp(LogFormat.FrameHeaderSize + RecordListCodec.EncodedSize(recordLength), _alignment);

    private bool SwitchSegment()
    {
        SegmentFiles? spare = _queue.TakeSpare();
        if (spare is null)
        {
            _obtainSpare();
            spare = _queue.TakeSpare();
        }

        if (spare is null)
        {
            // The space rule should make this impossible; if it happens, stop rather than guess.
            Fault(new LogFault(
                "No segment was available for the next frame (" + (_queue.FullReason ?? "the reservation did not complete") + ").",
                null,
                null,
                -1,
                0));
            return false;
        }

        spare.Register(_engine);
        _active.Unregister(_engine);
        _active.Dispose();
        _active = spare;
        _cursor = _alignment;
        _activeIndexed = false;
        return true;
    }

    private int BuildFrame(InFlightFrame target, out FrameHeader header, out long framedWorstCase)
    {
        Span<byte> frame = target.Frame.Span;
        List<PendingAppend> batch = target.Batch;
        long limit = Math.Min(_active.Size - _cursor, _maxFrameSize);
        int payload = 0;
        framedWorstCase = 0;
        while (_carry.TryPeek(out PendingAppend? next))
        {
            int encoded = RecordListCodec.EncodedSize(next.Record.Length);
            if (LogFormat.FrameHeaderSize + payload + encoded > limit)
            {
                break;
            }

            _ = RecordListCodec.Write(frame[(LogFormat.FrameHeaderSize + payload)..], next.Record.Span);
            payload += encoded;
            framedWorstCase += next.WorstCaseBytes;
            batch.Add(_carry.Dequeue());
        }

        Debug.Assert(batch.Count > 0 && batch[^1].Sequence == batch[0].Sequence + batch.Count - 1, "a batch is a run of consecutive sequences");

        // The frames still in flight ahead of this one are recorded in it: recovery may cut a frame
        // written behind unconfirmed ones together with them (docs/format.md, the in-flight window).
        header = new FrameHeader((uint)payload, (uint)batch.Count, batch[0].Sequence, _cursor, _logId, _chain, _active.Number, 0)
        {
            FramesAhead = (byte)_inFlight,
        };
        header.WriteWithoutCrc(frame);
        uint crc = FrameHeader.Seal(frame, payload);
        header = header with { Crc = crc };
        int unpadded = LogFormat.FrameHeaderSize + payload;
        int length = (int)BitOperationsFacts.AlignUp(unpadded, _alignment);
        frame[unpadded..length].Clear();
        return length;
    }

    private int BuildOperations(int length, long offset)
    {
        int n = 0;
        int copies = _copies.Count;
        if (_ordering == LogCopyOrdering.Parallel || copies == 1)
        {
            // One independent chain per copy: write → fdatasync → read-back (no fdatasync when the
            // O_DSYNC write is durable by itself).
            for (int c = 0; c < copies; c++)
            {
                int slot = _active.Slots[c];
                Add(ref n, c, IoOperation.Write(slot, 0, length, offset, linkNext: _syncAfterWrite || _verify));
                if (_syncAfterWrite)
                {
                    Add(ref n, c, IoOperation.SyncData(slot, linkNext: _verify));
                }

                if (_verify)
                {
                    Add(ref n, c, IoOperation.Read(slot, 1 + c, length, offset, linkNext: false));
                }
            }
        }
        else
        {
            // The seed design's single chain: each copy written and synced in turn, then read back.
            for (int c = 0; c < copies; c++)
            {
                int slot = _active.Slots[c];
                Add(ref n, c, IoOperation.Write(slot, 0, length, offset, linkNext: true));
                if (_syncAfterWrite)
                {
                    Add(ref n, c, IoOperation.SyncData(slot, linkNext: true));
                }
            }

            if (_verify)
            {
                for (int c = 0; c < copies; c++)
                {
                    Add(ref n, c, IoOperation.Read(_active.Slots[c], 1 + c, length, offset, linkNext: true));
                }
            }

            _operations[n - 1] = _operations[n - 1] with { LinkNext = false };
        }

        return n;
    }

    private void Add(ref int n, int copy, IoOperation operation)
    {
        _operationCopy[n] = copy;
        _operations[n++] = operation;
    }

    private LogFault? FindFailure(InFlightFrame frame)
    {
        FrameHeader header = frame.Header;
        int length = frame.Length;
        int[] results = frame.Results;
        int failed = -1;
        for (int i = 0; i < frame.OperationCount; i++)
        {
            if (results[i] == frame.Operations[i].ExpectedResult)
            {
                continue;
            }

            // A cancelled operation only says its chain broke earlier: report the cause instead.
            if (failed < 0 || (results[failed] == -Errno.ECANCELED && results[i] != -Errno.ECANCELED))
            {
                failed = i;
            }
        }

        if (failed < 0)
        {
            return null;
        }

        IoOperation op = frame.Operations[failed];
        int result = results[failed];
        int copy = frame.OperationCopy[failed];
        string file = _active.Files[copy].Path;
        string what = op.Opcode switch
        {
            IoOpcode.Write => "write",
            IoOpcode.SyncData => "fdatasync",
            _ => "read-back",
        };
        string error = result < 0
            ? Errno.Describe(-result)
            : string.Create(CultureInfo.InvariantCulture, $"short {(op.Opcode == IoOpcode.Read ? "read" : "write")}: {result} of {op.Length} bytes");
        string cause = string.Create(
            CultureInfo.InvariantCulture,
            $"{what} of the frame holding sequences {header.FirstSequence}..{header.LastSequence} ({length} bytes) to the {_copies[copy].Name} copy "
            + $"({file}, offset {header.FileOffset}) failed: {error}.");
        return new LogFault(cause, _copies[copy].Name, file, header.FileOffset, result < 0 ? -result : 0);
    }

    private LogFault? FindMismatch(InFlightFrame frame)
    {
        FrameHeader header = frame.Header;
        int length = frame.Length;
        long offset = header.FileOffset;
        ReadOnlySpan<byte> written = frame.Frame.Span[..length];
        for (int c = 0; c < frame.ReadBacks.Length; c++)
        {
            ReadOnlySpan<byte> read = frame.ReadBacks[c].Span[..length];
            if (!read.SequenceEqual(written))
            {
                int at = read.CommonPrefixLength(written);
                string file = _active.Files[c].Path;
                string cause = string.Create(
                    CultureInfo.InvariantCulture,
                    $"read-back of the frame holding sequences {header.FirstSequence}..{header.LastSequence} ({length} bytes) from the {_copies[c].Name} copy "
                    + $"({file}, offset {offset}) did not match what was written (first difference at byte {at}).");
                return new LogFault(cause, _copies[c].Name, file, offset, 0);
            }
        }

        return null;
    }

    private void FailPending(LogFault fault)
    {
        // Every frame in flight, oldest first, then what was not framed yet: nothing after a failure is acknowledged.
        for (int i = 0; i < _inFlight; i++)
        {
            List<PendingAppend> batch = _frames[(_oldest + i) % _frames.Length].Batch;
            foreach (PendingAppend append in batch)
            {
                if (append.Fail(fault.ForPendingAppend(append.Sequence)) is { } refused)
                {
                    _onSchedulingFailure?.Invoke(refused);
                }
            }

            batch.Clear();
        }

        _inFlight = 0;

        while (_carry.TryDequeue(out PendingAppend? append))
        {
            if (append.Fail(fault.ForPendingAppend(append.Sequence)) is { } refused)
            {
                _onSchedulingFailure?.Invoke(refused);
            }
        }
    }
}

/// <summary>Where the writer starts: the active segment, the next frame offset, the chain, the last sequence.</summary>
internal sealed record LogWriterStart(SegmentFiles Active, long Cursor, uint Chain, bool ActiveIndexed, long LastSequence);

/// <summary>
/// The writer's fixed settings. <c>SyncAfterWrite</c>: chain an fdatasync to each frame write; false
/// when the files' O_DSYNC writes make frames durable by themselves.
/// </summary>
internal sealed record LogWriterSettings(LogId LogId, int Alignment, int MaxFrameSize, bool VerifyAfterWrite, LogCopyOrdering Ordering, bool SyncAfterWrite = true);
