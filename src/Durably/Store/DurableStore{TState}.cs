using System.ComponentModel;
using Durably.Serialization;
using Durably.Storage;

namespace Durably.Store;

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
public sealed class DurableStore<TState> : IAsyncDisposable
    where TState : class
{
    private readonly TState _state;
    private readonly DurableLog _log;
    private readonly IDurableStateCodec<TState> _codec;
    private readonly string _stateName = typeof(TState).Name;

    // Applies hold the write side; Read holds the read side. Recursion lets a read call Read again.
    private readonly ReaderWriterLockSlim _stateLock = new(LockRecursionPolicy.SupportsRecursion);

    // Guards everything below it; the apply thread waits on it for the next sequence number.
    private readonly object _gate = new();
    private readonly Dictionary<long, PendingOperation<TState>> _durable = [];
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _applyThreadExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextToApply = 1;
    private int _inFlight;
    private bool _closing;
    private bool _stopApplying;
    private Exception? _fault;
    private Task? _disposal;

    private long _lastApplied;
    private long _replayedRecords;
    private long _replayedFailures;
    private Thread? _applyThread;

    internal DurableStore(TState state, DurableLog log, IDurableStateCodec<TState> codec)
    {
        _state = state;
        _log = log;
        _codec = codec;
    }

    /// <summary>The log's status and the last applied sequence number.</summary>
    public DurableStoreStatus Status
    {
        get
        {
            Exception? fault;
            lock (_gate)
            {
                fault = _fault;
            }

            return new DurableStoreStatus(_log.Status, Volatile.Read(ref _lastApplied), _replayedRecords, _replayedFailures, fault);
        }
    }

    /// <summary>Logs an operation that returns nothing, waits until it is durable, then applies it.</summary>
    /// <typeparam name="TRecord">The generated record type.</typeparam>
    /// <param name="record">The record built from the caller's arguments.</param>
    /// <param name="formatter">The record's formatter.</param>
    /// <param name="decodeBeforeApply">Apply a copy decoded from the logged bytes (an argument could still change) instead of <paramref name="record"/>.</param>
    /// <param name="cancellationToken">Observed until the record is handed to the log; after that the operation runs to completion, as replay would run it.</param>
    /// <returns>Completes after the apply, or fails with what it threw or why it was not logged.</returns>
    public ValueTask ExecuteAsync<TRecord>(TRecord record, IMessagePackFormatter<TRecord> formatter, bool decodeBeforeApply, CancellationToken cancellationToken = default)
        where TRecord : class, IOperationRecord<TState>
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(formatter);
        ApplyScope.ThrowIfApplying(_stateName, record.OperationName);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        byte[] bytes;
        IOperationRecord<TState> toApply;
        try
        {
            bytes = RecordEncoder.Encode(record, formatter);
            toApply = decodeBeforeApply ? RecordEncoder.Decode(bytes, formatter) : record;
        }
#pragma warning disable CA1031 // Whatever stops the record from being encoded is the caller's; nothing was logged.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return ValueTask.FromException(exception);
        }

        var pending = new PendingVoidOperation<TState>(toApply);
        Submit(pending, bytes);
        return new ValueTask(pending.Task);
    }

    /// <summary>Logs an operation that returns a value, waits until it is durable, then applies it.</summary>
    /// <typeparam name="TRecord">The generated record type.</typeparam>
    /// <typeparam name="TResult">The operation's result.</typeparam>
    /// <param name="record">The record built from the caller's arguments.</param>
    /// <param name="formatter">The record's formatter.</param>
    /// <param name="decodeBeforeApply">Apply a copy decoded from the logged bytes (an argument could still change) instead of <paramref name="record"/>.</param>
    /// <param name="cancellationToken">Observed until the record is handed to the log; after that the operation runs to completion, as replay would run it.</param>
    /// <returns>The operation's result, or fails with what it threw or why it was not logged.</returns>
    public ValueTask<TResult> ExecuteAsync<TRecord, TResult>(TRecord record, IMessagePackFormatter<TRecord> formatter, bool decodeBeforeApply, CancellationToken cancellationToken = default)
        where TRecord : class, IOperationRecord<TState, TResult>
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(formatter);
        ApplyScope.ThrowIfApplying(_stateName, record.OperationName);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<TResult>(cancellationToken);
        }

        byte[] bytes;
        IOperationRecord<TState, TResult> toApply;
        try
        {
            bytes = RecordEncoder.Encode(record, formatter);
            toApply = decodeBeforeApply ? RecordEncoder.Decode(bytes, formatter) : record;
        }
#pragma warning disable CA1031 // Whatever stops the record from being encoded is the caller's; nothing was logged.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return ValueTask.FromException<TResult>(exception);
        }

        var pending = new PendingResultOperation<TState, TResult>(toApply);
        Submit(pending, bytes);
        return new ValueTask<TResult>(pending.Task);
    }

    /// <summary>Runs <paramref name="read"/> on the state under the read lock, so it never sees an apply half done.</summary>
    /// <typeparam name="TResult">What the read returns.</typeparam>
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

        lock (_gate)
        {
            if (_disposal is null)
            {
                _closing = true;
                if (_inFlight == 0)
                {
                    _drained.TrySetResult();
                }

                _disposal = CloseAsync();
            }

            return new ValueTask(_disposal);
        }
    }

    private async Task CloseAsync()
    {
        await _drained.Task.ConfigureAwait(false);
        lock (_gate)
        {
            _stopApplying = true;
            Monitor.PulseAll(_gate);
        }

        if (_applyThread is not null)
        {
            await _applyThreadExited.Task.ConfigureAwait(false);
        }

        await _log.DisposeAsync().ConfigureAwait(false);
        _stateLock.Dispose();
    }

    /// <summary>Replays every record of the log into the state; called once, before <see cref="StartApplying"/>.</summary>
    internal void Replay(CancellationToken cancellationToken)
    {
        long expected = 1;
        foreach (LogRecord record in _log.ReadFrom(1))
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
                throw new DurableReplayException(_stateName, record.Sequence, exception);
            }

            ApplyScope.Enter(this, _stateName, operation.OperationName);
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
                ApplyScope.Exit();
            }

            _replayedRecords++;
            _lastApplied = record.Sequence;
            expected++;
        }

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

    private void Submit(PendingOperation<TState> pending, byte[] bytes)
    {
        lock (_gate)
        {
            if (_closing)
            {
                pending.Fail(new ObjectDisposedException(_stateName, $"{_stateName} is disposed; no further operations are accepted."));
                return;
            }

            if (_fault is not null)
            {
                pending.Fail(_fault);
                return;
            }

            _inFlight++;
        }

        ValueTask<long> append;
        try
        {
            append = _log.AppendAsync(bytes, CancellationToken.None);
        }
#pragma warning disable CA1031 // Any failure to append is the caller's; a fault also stops the store.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            OnAppendFailed(pending, exception);
            return;
        }

        if (append.IsCompletedSuccessfully)
        {
            OnDurable(pending, append.Result);
        }
        else
        {
            _ = AwaitDurableAsync(pending, append);
        }
    }

    private async Task AwaitDurableAsync(PendingOperation<TState> pending, ValueTask<long> append)
    {
        long sequence;
        try
        {
            sequence = await append.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any failure to append is the caller's; a fault also stops the store.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            OnAppendFailed(pending, exception);
            return;
        }

        OnDurable(pending, sequence);
    }

    private void OnDurable(PendingOperation<TState> pending, long sequence)
    {
        pending.Sequence = sequence;
        lock (_gate)
        {
            if (_fault is not null)
            {
                // Durable, but an earlier record's outcome is unknown: this one cannot be applied
                // in order, and reopening will replay it.
                FailInFlight(pending, _fault);
                return;
            }

            _durable.Add(sequence, pending);
            if (sequence == _nextToApply)
            {
                Monitor.Pulse(_gate);
            }
        }
    }

    private void OnAppendFailed(PendingOperation<TState> pending, Exception exception)
    {
        // Refused before it was sequenced: nothing was written and the store goes on.
        if (exception is LogFullException or ArgumentException or OperationCanceledException)
        {
            lock (_gate)
            {
                FailInFlight(pending, exception);
            }

            return;
        }

        // Anything else is fail-stop: the record may or may not be durable, so no later record
        // can be applied in order until the log is recovered by reopening.
        List<PendingOperation<TState>> stranded;
        lock (_gate)
        {
            _fault ??= exception;
            stranded = [.. _durable.Values];
            _durable.Clear();
            FailInFlight(pending, exception);
            foreach (PendingOperation<TState> waiting in stranded)
            {
                FailInFlight(waiting, _fault);
            }
        }
    }

    /// <summary>Fails an operation that was counted in flight. Called under <see cref="_gate"/>.</summary>
    private void FailInFlight(PendingOperation<TState> pending, Exception exception)
    {
        pending.Fail(exception);
        _inFlight--;
        if (_closing && _inFlight == 0)
        {
            _drained.TrySetResult();
        }
    }

    private void ApplyLoop()
    {
        var batch = new List<PendingOperation<TState>>();
        try
        {
            while (TakeReady(batch))
            {
                foreach (PendingOperation<TState> pending in batch)
                {
                    ApplyOne(pending);
                }

                lock (_gate)
                {
                    _inFlight -= batch.Count;
                    if (_closing && _inFlight == 0)
                    {
                        _drained.TrySetResult();
                    }
                }

                batch.Clear();
            }
        }
        finally
        {
            _applyThreadExited.TrySetResult();
        }
    }

    /// <summary>Waits for the next sequence number and takes the run of durable operations from there.</summary>
    private bool TakeReady(List<PendingOperation<TState>> batch)
    {
        lock (_gate)
        {
            while (true)
            {
                while (_durable.Remove(_nextToApply, out PendingOperation<TState>? next))
                {
                    batch.Add(next);
                    _nextToApply++;
                }

                if (batch.Count > 0)
                {
                    return true;
                }

                if (_stopApplying)
                {
                    return false;
                }

                Monitor.Wait(_gate);
            }
        }
    }

    private void ApplyOne(PendingOperation<TState> pending)
    {
        _stateLock.EnterWriteLock();
        ApplyScope.Enter(this, _stateName, pending.Record.OperationName);
        try
        {
            pending.Apply(_state);
            Volatile.Write(ref _lastApplied, pending.Sequence);
        }
        finally
        {
            ApplyScope.Exit();
            _stateLock.ExitWriteLock();
        }

        // Completed outside the lock; continuations run on the thread pool.
        pending.Complete();
    }
}
