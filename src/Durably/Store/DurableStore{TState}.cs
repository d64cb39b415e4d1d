using System.Buffers;
using System.Collections.Concurrent;
using System.ComponentModel;
using Durably.Storage;

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
/// <see cref="DurableLog"/>, which groups concurrent appends into one durable frame. When the log
/// reports the record durable under its sequence number, the operation joins the apply queue; one
/// dedicated thread applies operations strictly in sequence order, under the write side of the
/// state's read/write lock, and completes each caller with the result or the exception.
/// </para>
/// <para>
/// Opening replays every record the same way, catching what an apply throws just as the live
/// caller received it, so replayed state equals live state. After a log fault (outcome unknown),
/// every pending and later operation fails with the log's exception until the state is reopened.
/// </para>
/// </remarks>
/// <typeparam name="TState">The <c>[DurableState]</c> class.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed partial class DurableStore<TState> : IAsyncDisposable
    where TState : class
{
    // Applies taken in one go, under one hold of the write lock; bounded so reads are not starved.
    private const int MaxBatch = 256;

    private readonly TState _state;
    private readonly DurableLog _log;
    private readonly IDurableStateCodec<TState> _codec;
    private readonly string _stateName = typeof(TState).Name;

    // Applies hold the write side; Read holds the read side. Recursion lets a read call Read again.
    private readonly ReaderWriterLockSlim _stateLock = new(LockRecursionPolicy.SupportsRecursion);

    // Submitted operations, whose appends are in progress, arrive here; only the apply thread
    // takes them out. It watches their appends (_appending, in submission order), puts the durable
    // ones in sequence order (_reorder) and applies them. Only the apply thread touches those two.
    private readonly ConcurrentQueue<PendingOperation<TState>> _submitted = new();
    private readonly List<PendingOperation<TState>> _appending = [];
    private readonly Dictionary<long, PendingOperation<TState>> _reorder = [];
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly Action _wakeApplyThread;
    private PendingOperation<TState>? _watched;
    private bool _scanAll;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _applyThreadExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _disposeGate = new();
    private long _nextToApply = 1;
    private int _inFlight;
    private int _closing;
    private volatile bool _stopApplying;
    private Exception? _fault;
    private Task? _disposal;

    private long _lastApplied;
    private long _replayedRecords;
    private long _replayedFailures;
    private Thread? _applyThread;

    /// <summary>
    /// Tests only: runs on the apply thread each time it has looked for work and seen that it
    /// should not stop yet, just before it goes to sleep unless something arrived. Null (always,
    /// outside tests): nothing runs.
    /// </summary>
    internal Action? BeforeIdleForTests { get; set; }

    internal DurableStore(TState state, DurableLog log, IDurableStateCodec<TState> codec, SnapshotPolicy policy)
    {
        _state = state;
        _log = log;
        _codec = codec;
        _policy = policy;
        _wakeApplyThread = _wake.Set;
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

        byte[] buffer;
        int length;
        IOperationRecord<TState> toApply;
        try
        {
            (buffer, length) = RecordEncoder.Encode(record, formatter);
            toApply = decodeBeforeApply ? Decode(buffer, length, formatter) : record;
        }
#pragma warning disable CA1031 // Whatever stops the record from being encoded is the caller's; nothing was logged.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return ValueTask.FromException(exception);
        }

        var pending = PendingVoidOperation<TState>.Rent(toApply);
        ValueTask task = pending.Task;
        Submit(pending, buffer, length);
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

        byte[] buffer;
        int length;
        IOperationRecord<TState, TResult> toApply;
        try
        {
            (buffer, length) = RecordEncoder.Encode(record, formatter);
            toApply = decodeBeforeApply ? Decode<TRecord, TResult>(buffer, length, formatter) : record;
        }
#pragma warning disable CA1031 // Whatever stops the record from being encoded is the caller's; nothing was logged.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return ValueTask.FromException<TResult>(exception);
        }

        var pending = PendingResultOperation<TState, TResult>.Rent(toApply);
        ValueTask<TResult> task = pending.Task;
        Submit(pending, buffer, length);
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
                if (!reader.End)
                {
                    throw new MessagePackSerializationException($"The record has {record.Payload.Length - reader.Consumed} byte(s) after its end.");
                }
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
        _nextToApply = expected;
    }

    /// <summary>Starts the apply thread; operations are accepted from then on.</summary>
    internal void StartApplying()
    {
        _applyThread = new Thread(ApplyLoop)
        {
            IsBackground = true,
            Name = "Durably apply: " + _stateName,
        };
        _applyThread.Start();
    }

    private static IOperationRecord<TState> Decode<TRecord>(byte[] buffer, int length, IMessagePackFormatter<TRecord> formatter)
        where TRecord : IOperationRecord<TState> => RecordEncoder.Decode(buffer.AsMemory(0, length), formatter);

    private static IOperationRecord<TState, TResult> Decode<TRecord, TResult>(byte[] buffer, int length, IMessagePackFormatter<TRecord> formatter)
        where TRecord : IOperationRecord<TState, TResult> => RecordEncoder.Decode(buffer.AsMemory(0, length), formatter);

    private void Submit(PendingOperation<TState> pending, byte[] buffer, int length)
    {
        // Counted in flight before the checks, so that dispose either sees it or it sees dispose.
        Interlocked.Increment(ref _inFlight);
        Exception? refusal = Volatile.Read(ref _closing) != 0
            ? new ObjectDisposedException(_stateName, $"{_stateName} is disposed; no further operations are accepted.")
            : Volatile.Read(ref _fault);
        if (refusal is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            FailInFlight(pending, refusal);
            return;
        }

        ValueTask<long> append;
        try
        {
            append = _log.AppendAsync(buffer.AsMemory(0, length), CancellationToken.None);
        }
#pragma warning disable CA1031 // Any failure to append is the caller's; a fault also stops the store.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            append = ValueTask.FromException<long>(exception);
        }

        pending.StartAppend(buffer, append);
        _submitted.Enqueue(pending);
        _wake.Set();
    }

    /// <summary>Fails an operation that was counted in flight.</summary>
    private void FailInFlight(PendingOperation<TState> pending, Exception exception)
    {
        pending.Fail(exception);
        LeaveInFlight(1);
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
        var batch = new List<PendingOperation<TState>>(MaxBatch);
        try
        {
            while (TakeReady(batch))
            {
                _stateLock.EnterWriteLock();
                try
                {
                    foreach (PendingOperation<TState> pending in batch)
                    {
                        object? outer = ApplyScope.Enter(this, _stateName, pending.OperationName);
                        pending.Apply(_state);
                        ApplyScope.Exit(outer);
                        Volatile.Write(ref _lastApplied, pending.Sequence);
                    }
                }
                finally
                {
                    _stateLock.ExitWriteLock();
                }

                // Completed outside the lock; continuations run on the thread pool.
                foreach (PendingOperation<TState> pending in batch)
                {
                    pending.Complete();
                }

                int applied = batch.Count;
                batch.Clear();
                LeaveInFlight(applied);
            }
        }
        finally
        {
            _applyThreadExited.TrySetResult();
        }
    }

    /// <summary>
    /// Waits until the operation with the next sequence number is durable, and takes the run of
    /// durable operations from there.
    /// </summary>
    /// <remarks>
    /// The apply thread watches the appends itself instead of being told about each one: it asks
    /// the log to wake it when the oldest append in progress completes, then collects every append
    /// that completed meanwhile (a commit completes a whole frame of them at once). That costs one
    /// thread-pool hand-off per frame, not one per operation.
    /// </remarks>
    private bool TakeReady(List<PendingOperation<TState>> batch)
    {
        while (true)
        {
            MaybeStartSnapshot();
            while (_submitted.TryDequeue(out PendingOperation<TState>? submitted))
            {
                _appending.Add(submitted);
            }

            CollectCompletedAppends();
            if (Volatile.Read(ref _fault) is { } fault)
            {
                // Nothing more is applied after a fault; everything waiting has an unknown outcome.
                foreach (PendingOperation<TState> stranded in _reorder.Values)
                {
                    FailInFlight(stranded, fault);
                }

                _reorder.Clear();
            }

            while (batch.Count < MaxBatch && _reorder.Remove(_nextToApply, out PendingOperation<TState>? next))
            {
                batch.Add(next);
                _nextToApply++;
            }

            if (batch.Count > 0)
            {
                return true;
            }

            // Reset before looking again (at the stop flag too), so a submission, a completion or
            // the stop signal that comes after the look wakes us. Disposing sets the flag and then
            // the wake-up: a reset after looking at the flag could erase that wake-up and leave
            // this thread asleep for good, and DisposeAsync waiting for it.
            _wake.Reset();
            if (_stopApplying && _appending.Count == 0)
            {
                return false;
            }

            BeforeIdleForTests?.Invoke();
            if (!_submitted.IsEmpty || (_appending.Count > 0 && _appending[0].IsAppendCompleted) || SnapshotWanted())
            {
                continue;
            }

            if (_appending.Count > 0 && !ReferenceEquals(_watched, _appending[0]))
            {
                _watched = _appending[0];
                _watched.WakeWhenAppended(_wakeApplyThread);
            }

            // Appends complete in submission order almost always, so a wake-up collects the
            // completed prefix; the timeout covers the rare one that completes before an older one
            // (it waited for log space, say) with a scan of them all.
            _scanAll = !_wake.Wait(_appending.Count > 0 ? 2 : Timeout.Infinite);
        }
    }

    /// <summary>
    /// Takes completed appends out of <see cref="_appending"/> (the completed prefix, or all of
    /// them after a timed-out wait): durable ones to reorder, failed ones to their callers.
    /// </summary>
    private void CollectCompletedAppends()
    {
        int kept = 0;
        int i = 0;
        for (; i < _appending.Count; i++)
        {
            PendingOperation<TState> pending = _appending[i];
            if (!pending.IsAppendCompleted)
            {
                if (!_scanAll)
                {
                    break;
                }

                _appending[kept++] = pending;
                continue;
            }

            if (ReferenceEquals(pending, _watched))
            {
                _watched = null;
            }

            if (pending.FinishAppend() is not { } failure)
            {
                _reorder.Add(pending.Sequence, pending);
            }
            else if (failure is LogFullException or ArgumentException or OperationCanceledException)
            {
                // Refused before it was sequenced (no space, too large): nothing was written and
                // the store goes on.
                FailInFlight(pending, failure);
            }
            else
            {
                // Anything else is fail-stop: the record may or may not be durable, so no later
                // record can be applied in order until the log is recovered by reopening.
                Interlocked.CompareExchange(ref _fault, failure, null);
                FailInFlight(pending, failure);
            }
        }

        // Move the unscanned rest down behind what was kept.
        if (kept < i)
        {
            _appending.RemoveRange(kept, i - kept);
        }

        _scanAll = false;
    }
}
