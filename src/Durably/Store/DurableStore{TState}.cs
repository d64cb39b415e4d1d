using System.Collections.Concurrent;
using System.ComponentModel;
using System.Globalization;
using Durably.Storage;
using Durably.Threading;

namespace Durably.Runtime;

/// <summary>
/// The runtime behind one open <c>[DurableState]</c> instance; generated code calls it, users reach
/// it through the generated members (<c>XxxAsync</c>, <c>DurableStatus</c>, <c>Read</c>,
/// <c>DisposeAsync</c>).
/// </summary>
/// <remarks>
/// <para>
/// An operation's record is encoded on the caller's thread (and, when an argument could still
/// change, decoded again into the copy the apply will use), then appended to the
/// <see cref="DurableLog"/>, which groups concurrent appends into one durable frame. The log hands
/// every durable frame's operations to the store in sequence order (the store is its
/// <see cref="ICommitSink"/>); they are applied strictly in that order, one at a time, under the
/// write side of the state's read/write lock, and each caller is completed with the result or the
/// exception (its continuation runs on the thread pool). A small commit that finds nothing else
/// waiting is applied on the log thread that saw it become durable, which saves waking the store's
/// apply thread; everything else is applied there. An apply that blocks therefore holds up commits
/// as well as applies.
/// </para>
/// <para>
/// Opening replays every record the same way, catching what an apply throws just as the live
/// caller received it, so replayed state equals live state. After a log fault (outcome unknown),
/// every pending and later operation fails with the log's exception until the state is reopened.
/// </para>
/// </remarks>
/// <typeparam name="TState">The <c>[DurableState]</c> class.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed partial class DurableStore<TState> : IAsyncDisposable, ICommitSink
    where TState : class
{
    // Applies taken in one go, under one hold of the write lock; bounded so reads are not starved.
    private const int MaxBatch = 256;

    // The largest commit applied on the thread that delivers it, when nothing else waits; larger
    // ones go to the apply thread, so the log's next frame is not held up behind their applies.
    private const int InlineApplyLimit = 4;

    private readonly TState _state;
    private readonly DurableLog _log;
    private readonly IDurableStateCodec<TState> _codec;
    private readonly string _stateName = typeof(TState).Name;

    // Applies hold the write side; Read holds the read side. Recursion lets a read call Read again.
    private readonly ReaderWriterLockSlim _stateLock = new(LockRecursionPolicy.SupportsRecursion);

    // The log hands durable operations over in sequence order (ICommitSink.OnCommitted); they wait
    // here until applied. Whoever holds _applyGate takes them from the head and applies them: the
    // apply thread, or the thread that delivered the commit when nothing else was waiting (no
    // hand-off at one caller). The gate also keeps snapshots' serialization apart from applies.
    private readonly ConcurrentQueue<PendingOperation<TState>> _committed = new();
    private readonly object _applyGate = new();
    private readonly List<PendingOperation<TState>> _batch = new(MaxBatch);
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly Action? _beforeIdle;
    private readonly bool _synchronousContinuations;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _applyThreadExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _disposeGate = new();
    private int _inFlight;
    private int _closing;
    private volatile bool _stopApplying;
    private Exception? _fault;
    private Task? _disposal;

    private long _lastApplied;
    private long _replayedRecords;
    private long _replayedFailures;
    private Thread? _applyThread;

    /// <param name="state">The state operations apply to.</param>
    /// <param name="log">The open log; the store becomes its commit sink.</param>
    /// <param name="codec">The state's generated codec.</param>
    /// <param name="policy">When snapshots are taken.</param>
    /// <param name="beforeIdle">
    /// Runs on the apply thread each time it has looked for work and seen that it should not stop
    /// yet, just before it goes to sleep unless something arrived (tests use it to land a signal in
    /// that window; null outside tests).
    /// </param>
    /// <param name="synchronousContinuations">Callers' continuations may run on the thread that completes their operation (<see cref="DurableOptions.AllowSynchronousContinuations"/>).</param>
    internal DurableStore(TState state, DurableLog log, IDurableStateCodec<TState> codec, SnapshotPolicy policy, Action? beforeIdle = null, bool synchronousContinuations = false)
    {
        _state = state;
        _log = log;
        _codec = codec;
        _policy = policy;
        _beforeIdle = beforeIdle;
        _synchronousContinuations = synchronousContinuations;
    }

    /// <summary>The log's status and the last applied sequence number.</summary>
    public DurableStoreStatus Status =>
        new(_log.Status, Volatile.Read(ref _lastApplied), _replayedRecords, _replayedFailures, Volatile.Read(ref _fault))
        {
            SnapshotSequence = _log.SnapshotSequence,
            RecoveredSnapshotSequence = _recoveredSnapshotSequence,
            LastSnapshotPause = TimeSpan.FromTicks(Volatile.Read(ref _lastSnapshotPauseTicks) * TimeSpan.TicksPerSecond / System.Diagnostics.Stopwatch.Frequency),
        };

    /// <summary>Logs an operation that returns nothing, waits until it is durable, then applies it.</summary>
    /// <typeparam name="TRecord">The generated record type.</typeparam>
    /// <param name="record">The record built from the caller's arguments.</param>
    /// <param name="formatter">The record's formatter.</param>
    /// <param name="decodeBeforeApply">Apply a copy decoded from the logged bytes (an argument could still change) instead of <paramref name="record"/>.</param>
    /// <param name="cancellationToken">Observed until the record is handed to the log; after that the operation runs to completion, as replay would run it.</param>
    /// <returns>Completes after the apply, or fails with what it threw or why it was not logged.</returns>
    public ValueTask ExecuteAsync<TRecord>(TRecord record, IMessagePackFormatter<TRecord> formatter, bool decodeBeforeApply, CancellationToken cancellationToken)
        where TRecord : class, IOperationRecord<TState>
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(formatter);
        ApplyScope.ThrowIfApplying(_stateName, record.OperationName);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        var pending = PendingVoidOperation<TState>.Rent(_synchronousContinuations);
        ReadOnlyMemory<byte> bytes;
        try
        {
            bytes = pending.Encode(record, formatter);
            pending.SetRecord(decodeBeforeApply ? RecordDecoder.Decode(bytes, formatter) : record);
        }
#pragma warning disable CA1031 // Whatever stops the record from being encoded is the caller's; nothing was logged.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            pending.Discard();
            return ValueTask.FromException(exception);
        }

        ValueTask task = pending.Task;
        Submit(pending, bytes);
        return task;
    }

    /// <summary>Logs an operation that returns a value, waits until it is durable, then applies it.</summary>
    /// <typeparam name="TRecord">The generated record type.</typeparam>
    /// <typeparam name="TResult">The operation's result.</typeparam>
    /// <param name="record">The record built from the caller's arguments.</param>
    /// <param name="formatter">The record's formatter.</param>
    /// <param name="decodeBeforeApply">Apply a copy decoded from the logged bytes (an argument could still change) instead of <paramref name="record"/>.</param>
    /// <param name="cancellationToken">Observed until the record is handed to the log; after that the operation runs to completion, as replay would run it.</param>
    /// <returns>The operation's result, or fails with what it threw or why it was not logged.</returns>
    public ValueTask<TResult> ExecuteAsync<TRecord, TResult>(TRecord record, IMessagePackFormatter<TRecord> formatter, bool decodeBeforeApply, CancellationToken cancellationToken)
        where TRecord : class, IOperationRecord<TState, TResult>
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(formatter);
        ApplyScope.ThrowIfApplying(_stateName, record.OperationName);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<TResult>(cancellationToken);
        }

        var pending = PendingResultOperation<TState, TResult>.Rent(_synchronousContinuations);
        ReadOnlyMemory<byte> bytes;
        try
        {
            bytes = pending.Encode(record, formatter);
            pending.SetRecord(decodeBeforeApply ? RecordDecoder.Decode(bytes, formatter) : record);
        }
#pragma warning disable CA1031 // Whatever stops the record from being encoded is the caller's; nothing was logged.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            pending.Discard();
            return ValueTask.FromException<TResult>(exception);
        }

        ValueTask<TResult> task = pending.Task;
        Submit(pending, bytes);
        return task;
    }

    /// <summary>Runs <paramref name="read"/> on the state under the read lock, so it never sees an apply half done.</summary>
    /// <typeparam name="TResult">What the read returns: used after the lock is released, so a value or an immutable copy (DS0015).</typeparam>
    /// <param name="read">The query; it must not change the state.</param>
    /// <returns>The query's result.</returns>
    public TResult Read<TResult>(Func<TState, TResult> read)
    {
        ArgumentNullException.ThrowIfNull(read);

        // Inside an apply of this store the write lock is already held by this thread.
        if (ReferenceEquals(ApplyScope.CurrentStore, this))
        {
            return read(_state);
        }

        _stateLock.EnterReadLock();
        try
        {
            return read(_state);
        }
        finally
        {
            _stateLock.ExitReadLock();
        }
    }

    /// <summary>
    /// Takes the read lock for one generated query call; the caller disposes the returned scope when
    /// the query has returned. Inside an apply of this store the write lock is already held by this
    /// thread, so nothing is taken.
    /// </summary>
    /// <returns>The scope that releases the lock.</returns>
    public DurableReadScope EnterQuery()
    {
        if (ReferenceEquals(ApplyScope.CurrentStore, this))
        {
            return default;
        }

        _stateLock.EnterReadLock();
        return new DurableReadScope(_stateLock);
    }

    /// <summary>Writes the whole state (every instance field) in the snapshot format, under the read lock.</summary>
    /// <returns>The snapshot bytes: equal for equal states.</returns>
    public byte[] CaptureSnapshot() => Read(state =>
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        _codec.WriteSnapshot(ref writer, state);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    });

    /// <summary>Stops accepting operations, waits for those in flight to complete, stops the apply thread and closes the log.</summary>
    /// <returns>Completes when the log is closed.</returns>
    public ValueTask DisposeAsync()
    {
        if (ApplyScope.CurrentStore is not null)
        {
            throw new InvalidOperationException($"{_stateName} cannot be disposed from inside an operation's apply: disposing waits for the apply to finish.");
        }

        lock (_disposeGate)
        {
            if (_disposal is null)
            {
                // Paired with Submit: it counts itself in flight, then looks at _closing.
                Interlocked.Exchange(ref _closing, 1);
                if (Interlocked.CompareExchange(ref _inFlight, 0, 0) == 0)
                {
                    _drained.TrySetResult();
                }

                _disposal = CloseAsync();
            }

            return new ValueTask(_disposal);
        }
    }

    /// <summary>Replays every record of the log into the state; called once, before <see cref="StartApplying"/>.</summary>
    internal void Replay(CancellationToken cancellationToken)
    {
        long expected = RestoreSnapshot() + 1;
        _lastApplied = expected - 1;
        long last = _log.LastSequence;
        ThrowIfReplayCannotStart(expected, last);
        foreach (LogRecord record in _log.ReadFrom(expected))
        {
            if ((expected & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (record.Sequence != expected)
            {
                throw new DurableReplayException($"{_stateName}: the log returned record {record.Sequence} where {expected} was expected; replay needs every record in order.");
            }

            IOperationRecord<TState> operation;
            try
            {
                var reader = new MessagePackReader(record.Payload);
                operation = _codec.DecodeOperation(ref reader);
                RecordDecoder.ThrowIfNotAtEnd(ref reader, record.Payload.Length);
            }
            catch (MessagePackSerializationException exception)
            {
                throw ReplayFailure.Describe(_stateName, _codec.OperationParameters, record.Sequence, record.Payload, exception);
            }

            object? outer = ApplyScope.Enter(this, _stateName, operation.OperationName);
            try
            {
                operation.Apply(_state);
            }
#pragma warning disable CA1031 // The live apply threw the same exception to its caller; replay goes on, as live did.
            catch (Exception)
#pragma warning restore CA1031
            {
                _replayedFailures++;
            }
            finally
            {
                ApplyScope.Exit(outer);
            }

            _replayedRecords++;
            _lastApplied = record.Sequence;
            expected++;
        }

        ThrowIfReplayStoppedShort(last);
    }

    /// <summary>Starts the apply thread and takes the log's commits; operations are accepted from then on.</summary>
    internal void StartApplying()
    {
        _log.AttachCommitSink(this);
        _applyThread = new Thread(ApplyLoop)
        {
            IsBackground = true,
            Name = "Durably apply: " + _stateName,
        };
        _applyThread.Start();
    }

    private void Submit(PendingOperation<TState> pending, ReadOnlyMemory<byte> bytes)
    {
        // Counted in flight before the checks, so that dispose either sees it or it sees dispose.
        Interlocked.Increment(ref _inFlight);
        Exception? refusal = Volatile.Read(ref _closing) != 0
            ? new ObjectDisposedException(_stateName, $"{_stateName} is disposed; no further operations are accepted.")
            : Volatile.Read(ref _fault);
        if (refusal is not null)
        {
            FailInFlight(pending, refusal);
            return;
        }

        Exception? refused;
        try
        {
            refused = _log.TryAppend(bytes, pending);
        }
#pragma warning disable CA1031 // Any failure to append is the caller's; a fault also stops the store.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            refused = exception;
        }

        if (refused is not null)
        {
            // Not accepted, so the log will not report it: settle it here.
            NotAppended(pending, refused);
        }
    }

    /// <summary>Fails an operation that was counted in flight.</summary>
    private void FailInFlight(PendingOperation<TState> pending, Exception exception)
    {
        ReportContinuationFailure(pending.Fail(exception));
        LeaveInFlight(1);
    }

    /// <summary>
    /// The operation is completed, but its caller's continuation threw while it was scheduled (a
    /// SynchronizationContext or TaskScheduler refusing it) or while it ran on this thread: said
    /// through the log's messages, never thrown into the thread that completes operations.
    /// </summary>
    private void ReportContinuationFailure(ContinuationFailure? refused)
    {
        if (refused is { } failure)
        {
            string which = failure.Sequence > 0 ? string.Create(CultureInfo.InvariantCulture, $"sequence {failure.Sequence}") : "never made durable";
            _log.ReportContinuationFailure($"{_stateName} operation {failure.Operation} ({which})", failure.Thrown);
        }
    }

    private void LeaveInFlight(int count)
    {
        if (Interlocked.Add(ref _inFlight, -count) == 0 && Volatile.Read(ref _closing) != 0)
        {
            _drained.TrySetResult();
        }
    }

    private async Task CloseAsync()
    {
        await _drained.Task.ConfigureAwait(false);
        _stopApplying = true;
        _wake.Set();
        if (_applyThread is not null)
        {
            await _applyThreadExited.Task.ConfigureAwait(false);
        }

        try
        {
            await CloseSnapshotsAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A final snapshot that failed loses nothing (reported through the log's messages); the log still closes.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        await _log.DisposeAsync().ConfigureAwait(false);
        _stateLock.Dispose();
        _wake.Dispose();
    }

    private void ApplyLoop()
    {
        try
        {
            while (true)
            {
                bool worked;
                lock (_applyGate)
                {
                    MaybeStartSnapshot();
                    worked = ApplyCommitted();
                }

                if (worked)
                {
                    continue;
                }

                // Reset before looking again (at the stop flag too), so that a commit, a fault, a
                // snapshot request or the stop signal that comes after the look wakes us. Disposing
                // sets the flag and then the wake-up: a reset after looking at the flag could erase
                // that wake-up and leave this thread asleep for good, and DisposeAsync waiting for it.
                _wake.Reset();
                if (_stopApplying)
                {
                    return;
                }

                _beforeIdle?.Invoke();
                if (!_committed.IsEmpty || SnapshotWanted())
                {
                    continue;
                }

                _wake.Wait();
            }
        }
        finally
        {
            _applyThreadExited.TrySetResult();
        }
    }

    /// <summary>
    /// Under <see cref="_applyGate"/>: applies the next run of committed operations (at most
    /// <see cref="MaxBatch"/>, under one hold of the write lock) and completes their callers; after a
    /// fault, fails them instead. Returns false when nothing was waiting.
    /// </summary>
    private bool ApplyCommitted()
    {
        if (Volatile.Read(ref _fault) is { } fault)
        {
            // Nothing more is applied after a fault; what waits has an unknown outcome.
            bool failed = false;
            while (_committed.TryDequeue(out PendingOperation<TState>? stranded))
            {
                FailInFlight(stranded, fault);
                failed = true;
            }

            return failed;
        }

        while (_batch.Count < MaxBatch && _committed.TryDequeue(out PendingOperation<TState>? next))
        {
            _batch.Add(next);
        }

        if (_batch.Count == 0)
        {
            return false;
        }

        _stateLock.EnterWriteLock();
        try
        {
            ApplyBatch();
        }
        finally
        {
            _stateLock.ExitWriteLock();
        }

        CompleteBatch();
        return true;
    }

    private void ApplyBatch()
    {
        foreach (PendingOperation<TState> pending in _batch)
        {
            object? outer = ApplyScope.Enter(this, _stateName, pending.OperationName);
            pending.Apply(_state);
            ApplyScope.Exit(outer);
            Volatile.Write(ref _lastApplied, pending.Sequence);
        }
    }

    // Completed outside the write lock; continuations run on the thread pool, or here when the options allow synchronous continuations.
    private void CompleteBatch()
    {
        foreach (PendingOperation<TState> pending in _batch)
        {
            ReportContinuationFailure(pending.Complete());
        }

        int applied = _batch.Count;
        _batch.Clear();
        LeaveInFlight(applied);
    }

    /// <summary>
    /// The log's commit, in sequence order. When the apply thread is idle, the frame is small and no
    /// read holds the state, it is applied right here, on the thread that saw it become durable: at
    /// one caller that saves waking the apply thread. Otherwise the apply thread is woken for it.
    /// </summary>
    void ICommitSink.OnCommitted(ReadOnlySpan<CommittedAppend> commit)
    {
        foreach (CommittedAppend record in commit)
        {
            var pending = (PendingOperation<TState>)record.Token;
            pending.Committed(record.Sequence);
            _committed.Enqueue(pending);
        }

        if (commit.Length > InlineApplyLimit || !Monitor.TryEnter(_applyGate))
        {
            _wake.Set();
            return;
        }

        try
        {
            // A thread that holds the read lock (a step of manual scheduling run inside a query)
            // could not take the write lock: the apply thread does it.
            if (Volatile.Read(ref _fault) is null && !_stateLock.IsReadLockHeld && _stateLock.TryEnterWriteLock(0))
            {
                while (_batch.Count < MaxBatch && _committed.TryDequeue(out PendingOperation<TState>? next))
                {
                    _batch.Add(next);
                }

                try
                {
                    ApplyBatch();
                }
                finally
                {
                    _stateLock.ExitWriteLock();
                }

                CompleteBatch();
            }
        }
        finally
        {
            Monitor.Exit(_applyGate);
        }

        // Whatever is left (a read held the state, a fault, a snapshot now due) is the apply thread's.
        if (!_committed.IsEmpty || SnapshotWanted())
        {
            _wake.Set();
        }
    }

    /// <summary>An append the log accepted failed: refused for lack of space, or a fault.</summary>
    void ICommitSink.OnFailed(object token, Exception error)
    {
        NotAppended((PendingOperation<TState>)token, error);
        _wake.Set();
    }

    /// <summary>
    /// Settles an operation whose record was not made durable. Refused before it was sequenced (no
    /// space, too large, disposed): nothing was written and the store goes on. Anything else is
    /// fail-stop: the record may or may not be durable, so no later record can be applied in order
    /// until the log is recovered by reopening.
    /// </summary>
    private void NotAppended(PendingOperation<TState> pending, Exception error)
    {
        if (error is not (LogFullException or ArgumentException or OperationCanceledException or ObjectDisposedException))
        {
            Interlocked.CompareExchange(ref _fault, error, null);
        }

        FailInFlight(pending, error);
    }
}
