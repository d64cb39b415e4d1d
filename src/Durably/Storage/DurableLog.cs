using System.Globalization;
using Durably.Diagnostics;
using Durably.IO;
using Durably.Storage.Format;
using Durably.Storage.Reading;
using Durably.Storage.Segments;
using Durably.Storage.Snapshots;
using Durably.Storage.Writing;
using Durably.Threading;

namespace Durably.Storage;

/// <summary>
/// A write-ahead log kept in two copies on two disks. <see cref="AppendAsync"/> completes with
/// the record's sequence number once the record is durable in both copies; concurrent appends
/// are batched into one frame per commit by a dedicated log thread (group commit). Any I/O
/// failure faults the log (fail-stop); reopening recovers from what is on disk, repairing a
/// damaged copy from the other. The on-disk format is specified in docs/format.md.
/// </summary>
internal sealed class DurableLog : IAsyncDisposable
{
    private readonly LogSettings _settings;
    private readonly IoEngine _engine;
    private readonly string _engineReason;
    private readonly LogId _logId;
    private readonly IReadOnlyList<DirectoryLock> _locks;
    private readonly IReadOnlyList<LogCopyStatus> _copyStatus;
    private readonly IReadOnlyList<string> _warnings;
    private readonly IReadOnlyList<RepairRecord> _repairs;
    private readonly LogEventSink _events;
    private readonly AppendPool _pool = new();
    private readonly CommitQueue _queue;
    private readonly SegmentPreallocator _preallocator;
    private readonly LogWriter _writer;
    private readonly FrameBuffers _buffers;
    private readonly LogSegmentIndex _index = new();
    private readonly LogReader _reader;
    private readonly SnapshotWriter _snapshots;
    private readonly Thread? _thread;
    private readonly TaskCompletionSource _threadExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ICommitSink? _sink;
    private int _disposed;

    private DurableLog(LogFoundation foundation, LogOptions options)
    {
        _settings = foundation.Settings;
        _engine = foundation.Engine;
        _engineReason = foundation.EngineReason;
        _logId = foundation.LogId;
        _locks = foundation.Locks;
        _copyStatus = foundation.CopyStatus;
        _warnings = foundation.Warnings;
        _repairs = foundation.Repairs;
        _events = new LogEventSink(options.Logger, foundation.OnMessage, options.StateType is { } stateType ? new StateMetrics(stateType) : StateMetrics.Untyped)
        {
            LogId = _logId.ToString(),
        };
        _buffers = foundation.Buffers;
        try
        {
            foreach (IndexedSegment segment in foundation.Index)
            {
                _index.Add(segment);
            }

            IReadOnlyList<LogCopyLocation> copies = _settings.Copies;
            StorageFileSystem fileSystem = _engine.FileSystem;
            _reader = new LogReader(fileSystem, copies, _logId, _settings.Alignment, direct: true);
            RecoveredSnapshot = foundation.Snapshot;
            _snapshots = new SnapshotWriter(fileSystem, copies, _logId, _settings.Alignment, _index, _reader, foundation.KeptSnapshots, _events.Snapshot);
            _preallocator = new SegmentPreallocator(
                fileSystem,
                copies,
                foundation.Creator,
                _settings.SegmentSize,
                _settings.ActiveFileOptions,
                _settings.ManualScheduling);
            _queue = new CommitQueue(_settings.Alignment, _settings.MaxFrameSize, _settings.SpaceRetryInterval, _preallocator.OnRequested)
            {
                IdleSpin = _settings.ManualScheduling ? TimeSpan.Zero : options.IdleSpin,
            };
            _preallocator.Attach(_queue, foundation.NextSegmentNumber, OnFault, RefuseForLackOfSpace);
            _writer = new LogWriter(
                _engine,
                copies,
                _queue,
                _index,
                new LogWriterStart(foundation.Active, foundation.Cursor, foundation.Chain, foundation.ActiveIndexed, foundation.LastSequence),
                new LogWriterSettings(_logId, _settings.Alignment, _settings.MaxFrameSize, _settings.VerifyAfterWrite, _settings.Ordering, _settings.SyncAfterWrite),
                foundation.Buffers,
                OnFault,
                _settings.ManualScheduling ? _preallocator.RunRequested : _queue.WaitForSpareOrFailure,
                failure => ReportSchedulingFailure(failure))
            {
                Metrics = _events.Metrics,
            };
            _queue.Initialize(foundation.LastSequence, foundation.Active.Size - foundation.Cursor, foundation.Spares);

            string copyText = string.Join(", ", _copyStatus.Select(c => $"{c.Name} {c.Directory} on {c.Device}{(c.DirectIo ? string.Empty : " (no O_DIRECT)")}"));
            _events.Opened(
                _engine.Name,
                _engineReason,
                _settings.Alignment,
                copyText,
                _settings.DurabilityText,
                foundation.LastSequence,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Durably log {_logId} opened: engine {_engine.Name} ({_engineReason}); alignment {_settings.Alignment}; copies {copyText}; durability {_settings.DurabilityText}; last sequence {foundation.LastSequence}."));
            foreach (string warning in _warnings)
            {
                _events.Warning(warning);
            }

            if (_repairs.Count > 0)
            {
                _events.Metrics.Repaired(_repairs.Count);
                _events.Repaired(string.Join(Environment.NewLine, _repairs));
            }

            if (!_settings.ManualScheduling)
            {
                _thread = new Thread(RunLogThread) { IsBackground = true, Name = "Durably log writer" };
                _thread.Start();
            }
        }
        catch
        {
            // Nothing was accepted yet: give back what opening took (the locks above all), so the
            // caller can open the log again, here or in another process.
            SegmentPreallocator? preallocator = _preallocator;
            preallocator?.Stop();
            foundation.Active.Dispose();
            foreach (SegmentFiles spare in foundation.Spares)
            {
                spare.Dispose();
            }

            _engine.Dispose();
            if (!_engine.HasOperationsInFlight)
            {
                _buffers.Dispose();
            }

            if (preallocator is not null)
            {
                preallocator.Dispose(); // and the segment creator with it
            }
            else
            {
                foundation.Creator.Dispose();
            }

            foreach (DirectoryLock held in _locks)
            {
                held.Dispose();
            }

            throw;
        }
    }

    /// <summary>The highest sequence number that is durable in every copy (0 for an empty log).</summary>
    public long LastSequence => _writer.LastDurableSequence;

    /// <summary>Segments from the first one still holding the log (after retirement behind snapshots) to the active one.</summary>
    private int LiveSegmentCount()
    {
        uint active = _writer.ActiveSegmentNumber;
        IndexedSegment[] segments = _index.Snapshot();
        uint first = segments.Length == 0 ? active : Math.Min(segments[0].Number, active);
        return (int)(active - first + 1);
    }

    /// <summary>The snapshot recovery chose when the log was opened (null: replay from the first record).</summary>
    internal RecoveredSnapshot? RecoveredSnapshot { get; }

    /// <summary>Bytes of frames made durable since the log was opened (aligned, per copy).</summary>
    internal long BytesCommitted => _writer.BytesCommitted;

    /// <summary>The newest durable, verified snapshot's sequence (0 for none).</summary>
    internal long SnapshotSequence => _snapshots.NewestSequence;

    /// <summary>The first record the log still holds (1 unless segments were retired behind snapshots).</summary>
    internal long FirstSequence
    {
        get
        {
            IndexedSegment[] segments = _index.Snapshot();
            return segments.Length == 0 ? LastSequence + 1 : segments[0].FirstSequence;
        }
    }

    /// <summary>
    /// Writes a snapshot: <paramref name="body"/> is the state after record <paramref name="sequence"/>,
    /// which must be durable. Returns once it is durable and verified in every copy; then older
    /// snapshots (but the previous one) and the segments the previous one no longer needs are
    /// deleted. Runs on the caller's thread, beside appends. Throws
    /// <see cref="DurableSnapshotException"/> when it could not be made durable (nothing is lost).
    /// </summary>
    internal void WriteSnapshot(long sequence, ReadOnlySpan<byte> body)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _snapshots.Write(sequence, body, LastSequence);
    }

    /// <summary>
    /// Reports a snapshot the layer above could not take (its state would not serialize into one
    /// that reads back): nothing was written, nothing is retired.
    /// </summary>
    internal void ReportSnapshotNotTaken(string detail) => _events.SnapshotProblem(detail);

    /// <summary>The log's state: engine and why, alignment, copies and devices, sequence, segments, faults, repairs.</summary>
    public LogStatus Status => new()
    {
        Engine = _engine.Kind,
        EngineName = _engine.Name,
        EngineReason = _engineReason,
        LogId = _logId.ToString(),
        Alignment = _settings.Alignment,
        SegmentSize = _settings.SegmentSize,
        MaxRecordSize = _settings.MaxRecordSize,
        Copies = _copyStatus,
        CopyOrdering = _settings.Ordering,
        VerifyAfterWrite = _settings.VerifyAfterWrite,
        LastSequence = LastSequence,
        CommitCount = _writer.CommitCount,
        SegmentCount = LiveSegmentCount(),
        SpareSegmentCount = _queue.SpareCount,
        IsFaulted = _queue.Fault is not null,
        FaultReason = _queue.Fault?.Cause,
        IsFull = _queue.IsFull,
        FullReason = _queue.FullReason,
        Repairs = string.Join(Environment.NewLine, _repairs),
        RepairRecords = _repairs,
        Warnings = _warnings,
        SnapshotSequence = _snapshots.NewestSequence,
        RetiredSegmentCount = _snapshots.RetiredSegments,
    };

    /// <summary>
    /// Opens the log in the given directories, creating it if they hold none, or recovering it:
    /// every copy is scanned, damage in one copy is repaired from the other, an incomplete last
    /// frame is cut. Throws <see cref="LogLockedException"/> if another process has it open and
    /// <see cref="LogCorruptException"/> if acknowledged records are damaged in every copy.
    /// </summary>
    /// <param name="options">Where and how to keep the log.</param>
    /// <param name="cancellationToken">Cancels opening between recovery steps.</param>
    public static async ValueTask<DurableLog> OpenAsync(LogOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        LogOptions copy = options.Clone();
        if (copy.ManualScheduling)
        {
            return new DurableLog(LogOpener.Open(copy, cancellationToken), copy);
        }

        // Recovery is blocking file I/O: keep it off the caller's thread.
        LogFoundation foundation = await Task.Factory.StartNew(
            () => LogOpener.Open(copy, cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).ConfigureAwait(false);
        return new DurableLog(foundation, copy);
    }

    /// <summary>
    /// Appends a record. Completes with its sequence number once it is durable in every copy.
    /// Fails with <see cref="LogFaultedException"/> if the log faulted (outcome unknown for
    /// appends in flight), or <see cref="LogFullException"/> if no space could be reserved (the
    /// record was not accepted). The caller must not change <paramref name="record"/> until the
    /// append completes. <paramref name="cancellationToken"/> is observed only before the append
    /// is accepted: an accepted record is written regardless.
    /// </summary>
    /// <param name="record">The record's bytes (at most <see cref="LogStatus.MaxRecordSize"/>).</param>
    /// <param name="cancellationToken">Cancels the append if it was not yet accepted.</param>
    public ValueTask<long> AppendAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        if (record.Length > _settings.MaxRecordSize)
        {
            throw new ArgumentOutOfRangeException(
                nameof(record),
                record.Length,
                string.Create(CultureInfo.InvariantCulture, $"A record may hold at most {_settings.MaxRecordSize} bytes (LogOptions.MaxFrameSize)."));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<long>(cancellationToken);
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        PendingAppend append = _pool.Rent();
        append.Record = record;
        append.WorstCaseBytes = BitOperationsFacts.AlignUp(LogFormat.FrameHeaderSize + RecordListCodec.EncodedSize(record.Length), _settings.Alignment);
        AdmissionResult admission = _queue.Submit(append);
        if (admission is AdmissionResult.Accepted or AdmissionResult.Waiting)
        {
            return append.Task;
        }

        append.Record = default;
        _pool.Return(append);
        return ValueTask.FromException<long>(admission switch
        {
            AdmissionResult.Faulted => _queue.Fault!.ForLaterAppend(),
            AdmissionResult.Full => FullException(_queue.FullReason),
            _ => new ObjectDisposedException(nameof(DurableLog), "The log is being disposed; the append was not accepted."),
        });
    }

    /// <summary>
    /// Sets where the outcomes of <see cref="TryAppend"/> go; once, before the first such append.
    /// </summary>
    /// <param name="sink">The one reader of the log's commits.</param>
    internal void AttachCommitSink(ICommitSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (Interlocked.CompareExchange(ref _sink, sink, null) is not null)
        {
            throw new InvalidOperationException("The log already has a commit sink.");
        }
    }

    /// <summary>
    /// Appends a record whose outcome goes to the attached <see cref="ICommitSink"/> with
    /// <paramref name="token"/>: once durable, in sequence order with the rest of its frame; or as a
    /// failure. Returns null when the append was accepted (the sink will hear of it exactly once),
    /// otherwise why it was refused (the sink hears nothing): <see cref="LogFaultedException"/>,
    /// <see cref="LogFullException"/>, <see cref="ObjectDisposedException"/> or
    /// <see cref="ArgumentOutOfRangeException"/> for a record that is too large. The caller must not
    /// change <paramref name="record"/> until the sink has heard of it.
    /// </summary>
    /// <param name="record">The record's bytes (at most <see cref="LogStatus.MaxRecordSize"/>).</param>
    /// <param name="token">What the sink receives for this append.</param>
    internal Exception? TryAppend(ReadOnlyMemory<byte> record, object token)
    {
        ICommitSink sink = _sink ?? throw new InvalidOperationException("No commit sink is attached.");
        if (record.Length > _settings.MaxRecordSize)
        {
            return new ArgumentOutOfRangeException(
                nameof(record),
                record.Length,
                string.Create(CultureInfo.InvariantCulture, $"A record may hold at most {_settings.MaxRecordSize} bytes (LogOptions.MaxFrameSize)."));
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            return new ObjectDisposedException(nameof(DurableLog));
        }

        PendingAppend append = _pool.Rent();
        append.Record = record;
        append.Token = token;
        append.Sink = sink;
        append.WorstCaseBytes = BitOperationsFacts.AlignUp(LogFormat.FrameHeaderSize + RecordListCodec.EncodedSize(record.Length), _settings.Alignment);
        AdmissionResult admission = _queue.Submit(append);
        if (admission is AdmissionResult.Accepted or AdmissionResult.Waiting)
        {
            return null;
        }

        append.Recycle();
        return admission switch
        {
            AdmissionResult.Faulted => _queue.Fault!.ForLaterAppend(),
            AdmissionResult.Full => FullException(_queue.FullReason),
            _ => new ObjectDisposedException(nameof(DurableLog), "The log is being disposed; the append was not accepted."),
        };
    }

    /// <summary>
    /// Reads the records from <paramref name="fromSequence"/> on, up to the last durable one at
    /// the time of the call, in order, validating every frame (and falling back to the other
    /// copy for a frame that does not check out).
    /// </summary>
    /// <param name="fromSequence">The first sequence number wanted (1 for all).</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="fromSequence"/> is before the first record the log still holds (the records
    /// before it were retired behind a snapshot).
    /// </exception>
    public IEnumerable<LogRecord> ReadFrom(long fromSequence)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _reader.Read(fromSequence, LastSequence, _index.Snapshot());
    }

    /// <summary>
    /// Stops accepting appends, lets every append already made finish (appends waiting for a
    /// segment to be reserved are written once it is, or refused with
    /// <see cref="LogFullException"/>), and closes the files and locks.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Close();
        if (_thread is not null)
        {
            await _threadExited.Task.ConfigureAwait(false);
        }
        else
        {
            while (RunPendingWork())
            {
            }
        }

        _preallocator.Stop();
        bool clean = _queue.Fault is null;
        CleanCloseRecord end = _writer.EndRecord();
        _writer.Dispose();
        foreach (SegmentFiles spare in _queue.DrainSpares())
        {
            spare.Dispose();
        }

        if (clean)
        {
            WriteCleanCloseRecord(end);
        }

        _engine.Dispose();
        ReleaseBuffers();
        _preallocator.Dispose();
        foreach (DirectoryLock held in _locks)
        {
            held.Dispose();
        }
    }

    // A log that closes without a fault has an intact tail: record where it ends, so the next
    // recovery refuses (rather than cuts) a damaged tail or missing segments. Failing to write
    // it loses nothing: the next open then applies the crash rules.
    private void WriteCleanCloseRecord(CleanCloseRecord end)
    {
        try
        {
            CleanCloseFiles.Write(_engine.FileSystem, _settings.Copies, end);
        }
        catch (StorageException e)
        {
            _events.Warning("the clean-close record could not be written (" + e.Message + "); the next open treats the close as a crash.");
        }
    }

    // Buffers the kernel may still read or write (a ring that failed with operations in flight) are left
    // allocated: freeing them could let the kernel write into memory handed out again.
    private void ReleaseBuffers()
    {
        if (_engine.HasOperationsInFlight)
        {
            _events.BuffersKept(string.Create(
                CultureInfo.InvariantCulture,
                $"The {_engine.Name} engine closed with operations in flight; its {_buffers.TotalBytes / 1024} KiB of frame buffers stay allocated until the process exits."));
            return;
        }

        _buffers.Dispose();
    }

    /// <summary>
    /// Manual scheduling only: creates a requested segment and runs one step of the commit cycle
    /// (submits frames of queued appends while fewer than the frames-in-flight limit are on their
    /// way, then completes and acknowledges the oldest). Returns false when there was nothing to do.
    /// </summary>
    internal bool RunPendingWork()
    {
        bool progressed = false;
        if (_preallocator.HasRequest)
        {
            _preallocator.RunRequested();
            progressed = true;
        }

        return _writer.CommitOne(block: false) || progressed;
    }

    private static LogFullException FullException(string? reason) => new(
        "The log is full: no further segment could be reserved (" + (reason ?? "no space")
        + "). The append was refused before it was sequenced; nothing was written. Appends accepted earlier complete, "
        + "and appends succeed again once space is freed.");

    // A caller's SynchronizationContext or TaskScheduler threw while scheduling the continuation of
    // its append: the append still completed exactly once (the log is unharmed), but that caller's
    // continuation will not run. Said here, because nothing else can tell.
    private void ReportSchedulingFailure(ContinuationFailure? refused)
    {
        if (refused is { } failure)
        {
            ReportContinuationFailure(string.Create(CultureInfo.InvariantCulture, $"{failure.Operation} {failure.Sequence}"), failure.Thrown);
        }
    }

    /// <summary>
    /// Says that <paramref name="completed"/> (an append, or a store's operation) completed but its
    /// caller's continuation threw: its synchronization context or task scheduler refused to
    /// schedule it, or it threw while running on the thread that completed it.
    /// </summary>
    internal void ReportContinuationFailure(string completed, Exception thrown) =>
        _events.Warning(string.Create(
            CultureInfo.InvariantCulture,
            $"{completed} completed, but the caller's synchronization context or task scheduler threw while scheduling its continuation, or the continuation threw while running inline ({thrown.GetType().Name}: {thrown.Message}); that continuation did not run to its end."));

    private void RunLogThread()
    {
        try
        {
            _writer.RunUntilStopped();
        }
        finally
        {
            _threadExited.TrySetResult();
        }
    }

    private void OnFault(LogFault fault)
    {
        (List<PendingAppend> sequenced, List<PendingAppend> unsequenced, bool first) = _queue.SetFault(fault);
        foreach (PendingAppend append in sequenced)
        {
            ReportSchedulingFailure(append.Fail(fault.ForPendingAppend(append.Sequence)));
        }

        foreach (PendingAppend append in unsequenced)
        {
            ReportSchedulingFailure(append.Fail(fault.ForLaterAppend()));
        }

        // The log writer and the segment preallocator can both meet one failing disk: the log
        // faults once, and is counted and logged once.
        if (first)
        {
            _events.Faulted(fault.Cause);
        }
    }

    private void RefuseForLackOfSpace(List<PendingAppend> refused, string reason)
    {
        foreach (PendingAppend append in refused)
        {
            ReportSchedulingFailure(append.Fail(FullException(reason)));
        }

        _events.Full(reason);
    }

}
