using System.Diagnostics;
using System.Globalization;
using Durably.Diagnostics;
using Durably.IO;
using Durably.Storage.Format;
using Durably.Storage.Segments;

namespace Durably.Storage.Writing;

/// <summary>
/// The log thread's work: take every sequenced append that arrived while the previous commit
/// was on disk, encode them into one frame, write it to each copy as one aligned write chained
/// to an fdatasync (and a read-back), and acknowledge them when every copy completed. Any
/// failure — error, short write, read-back mismatch — faults the log; nothing is retried.
/// </summary>
internal sealed class LogWriter : IDisposable
{
    private readonly IoEngine _engine;
    private readonly IReadOnlyList<LogCopyLocation> _copies;
    private readonly CommitQueue _queue;
    private readonly LogSegmentIndex _index;
    private readonly LogId _logId;
    private readonly Action<PendingAppend, Exception>? _onSchedulingFailure;
    private readonly int _alignment;
    private readonly int _maxFrameSize;
    private readonly bool _verify;
    private readonly bool _syncAfterWrite;
    private readonly LogCopyOrdering _ordering;
    private readonly Action<LogFault> _onFault;
    private readonly Action _obtainSpare;
    private readonly AlignedBuffer _frame;
    private readonly AlignedBuffer[] _readBacks;
    private readonly IoOperation[] _operations;
    private readonly int[] _operationCopy;
    private readonly int[] _results;
    private readonly List<PendingAppend> _batch = [];
    private CommittedAppend[] _committed = new CommittedAppend[16];
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
        Action<PendingAppend, Exception>? onSchedulingFailure = null)
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

        _frame = buffers.Frame;
        _readBacks = buffers.ReadBacks;
        if (_frame.Length < _maxFrameSize || _readBacks.Length != (_verify ? copies.Count : 0))
        {
            throw new ArgumentException("The frame buffers do not match the writer's settings.", nameof(buffers));
        }

        _operations = new IoOperation[copies.Count * 3];
        _operationCopy = new int[_operations.Length];
        _results = new int[_operations.Length];
    }

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
    /// Commits one frame of queued appends. Returns false when there was nothing to commit (and,
    /// if <paramref name="block"/>, nothing will come) or the log faulted.
    /// </summary>
    internal bool CommitOne(bool block)
    {
        try
        {
            return CommitFrame(block);
        }
        catch (Exception e)
        {
            // A bug or an engine failure outside any operation's result: fail-stop all the same,
            // on the log thread and under manual scheduling alike; the cursor may already have
            // moved past a frame whose appends would otherwise never be settled.
            Fault(new LogFault("Committing a frame failed unexpectedly: " + e.GetType().Name + ": " + e.Message, null, null, -1, 0));
            return false;
        }
    }

    private bool CommitFrame(bool block)
    {
        if (_carry.Count == 0 && !_queue.TakeIncoming(ref _carry, block))
        {
            return false;
        }

        if (_queue.Fault is { } fault)
        {
            FailPending(fault);
            return false;
        }

        long single = WorstCase(_carry.Peek().Record.Length);
        if (_cursor + single > _active.Size && !SwitchSegment())
        {
            return false;
        }

        int length = BuildFrame(out FrameHeader header, out uint crc, out long framedWorstCase);
        long offset = _cursor;
        _cursor += length;
        _queue.OnFramed(framedWorstCase, _active.Size - _cursor);

        int count = BuildOperations(length, offset);
        long started = Stopwatch.GetTimestamp();
        _engine.Submit(_operations.AsSpan(0, count));
        _engine.WaitForCompletions(_results.AsSpan(0, count));
        LogFault? failure = FindFailure(count, header, length);
        if (failure is null && FindMismatch(length, offset, header) is { } mismatch)
        {
            Metrics.VerifyFailed();
            failure = mismatch;
        }

        if (failure is not null)
        {
            Fault(failure);
            return false;
        }

        if (!_activeIndexed)
        {
            _index.Add(new IndexedSegment(_active.Number, _active.Size, header.FirstSequence, _chain));
            _activeIndexed = true;
        }

        Debug.Assert(header.FirstSequence == _lastDurable + 1, "frames become durable in sequence order, with no gap");
        Debug.Assert(header.LastSequence - header.FirstSequence + 1 == _batch.Count, "a frame holds exactly the records of its batch");
        _chain = crc;
        Volatile.Write(ref _lastDurable, header.LastSequence);
        Volatile.Write(ref _commits, _commits + 1);
        Volatile.Write(ref _bytesCommitted, _bytesCommitted + length);
        Metrics.Committed(_batch.Count, (long)length * _copies.Count, Stopwatch.GetTimestamp() - started);
        Acknowledge();
        return true;
    }

    /// <summary>
    /// Hands the durable frame's appends over: appends with a token to their sink in one call, in
    /// sequence order; the others complete their callers' tasks.
    /// </summary>
    private void Acknowledge()
    {
        ICommitSink? sink = null;
        int committed = 0;
        if (_committed.Length < _batch.Count)
        {
            _committed = new CommittedAppend[Math.Max(_batch.Count, _committed.Length * 2)];
        }

        foreach (PendingAppend append in _batch)
        {
            if (append.Token is { } token)
            {
                sink = append.Sink;
                _committed[committed++] = new CommittedAppend(append.Sequence, token);
                append.Recycle();
            }
            else if (append.Succeed() is { } refused)
            {
                _onSchedulingFailure?.Invoke(append, refused);
            }
        }

        _batch.Clear();
        if (sink is not null)
        {
            sink.OnCommitted(_committed.AsSpan(0, committed));
            _committed.AsSpan(0, committed).Clear();
        }
    }

    /// <summary>Fails what the writer holds and faults the log.</summary>
    internal void Fault(LogFault fault)
    {
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

    private int BuildFrame(out FrameHeader header, out uint crc, out long framedWorstCase)
    {
        Span<byte> frame = _frame.Span;
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
            _batch.Add(_carry.Dequeue());
        }

        Debug.Assert(_batch.Count > 0 && _batch[^1].Sequence == _batch[0].Sequence + _batch.Count - 1, "a batch is a run of consecutive sequences");
        header = new FrameHeader((uint)payload, (uint)_batch.Count, _batch[0].Sequence, _cursor, _logId, _chain, _active.Number, 0);
        header.WriteWithoutCrc(frame);
        crc = FrameHeader.Seal(frame, payload);
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

    private LogFault? FindFailure(int count, FrameHeader header, int length)
    {
        int failed = -1;
        for (int i = 0; i < count; i++)
        {
            if (_results[i] == _operations[i].ExpectedResult)
            {
                continue;
            }

            // A cancelled operation only says its chain broke earlier: report the cause instead.
            if (failed < 0 || (_results[failed] == -Errno.ECANCELED && _results[i] != -Errno.ECANCELED))
            {
                failed = i;
            }
        }

        if (failed < 0)
        {
            return null;
        }

        IoOperation op = _operations[failed];
        int result = _results[failed];
        int copy = _operationCopy[failed];
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

    private LogFault? FindMismatch(int length, long offset, FrameHeader header)
    {
        ReadOnlySpan<byte> written = _frame.Span[..length];
        for (int c = 0; c < _readBacks.Length; c++)
        {
            ReadOnlySpan<byte> read = _readBacks[c].Span[..length];
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
        foreach (PendingAppend append in _batch)
        {
            if (append.Fail(fault.ForPendingAppend(append.Sequence)) is { } refused)
            {
                _onSchedulingFailure?.Invoke(append, refused);
            }
        }

        _batch.Clear();
        while (_carry.TryDequeue(out PendingAppend? append))
        {
            if (append.Fail(fault.ForPendingAppend(append.Sequence)) is { } refused)
            {
                _onSchedulingFailure?.Invoke(append, refused);
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
