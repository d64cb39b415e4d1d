using System.Collections.Concurrent;
using System.Diagnostics;
using Durably.Diagnostics;

namespace Durably.Runtime;

/// <summary>Snapshots: when to take one, serializing on the apply thread, writing beside new operations.</summary>
public sealed partial class DurableStore<TState>
{
    private readonly SnapshotPolicy _policy;
    private readonly StateMetrics _metrics = new(typeof(TState).Name);
    private readonly ConcurrentQueue<TaskCompletionSource<long>> _snapshotRequests = new();
    private readonly object _snapshotGate = new();
    private long _policyBaseSequence;
    private long _policyBaseBytes;
    private long _recoveredSnapshotSequence;
    private volatile bool _snapshotWriting;
    private Task _snapshotWrite = Task.CompletedTask;
    private long _lastSnapshotPauseTicks;
    private long _lastSnapshotLength;
    private bool _snapshotsClosed;

    /// <summary>
    /// Takes a snapshot of the state as it is after the operations applied so far, and returns
    /// once it is durable and verified in every copy; then the log behind the previous snapshot
    /// is retired. Operations go on meanwhile: applies pause only while the state is serialized.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the snapshot may still be written).</param>
    /// <returns>The sequence number the snapshot covers (0 when nothing was ever applied, so there is nothing to snapshot).</returns>
    /// <exception cref="DurableSnapshotException">
    /// It could not be made durable, or the state cannot be written as a snapshot that reads back
    /// (nested deeper than the reader's limit); nothing was lost, and the store goes on.
    /// </exception>
    public Task<long> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        if (ApplyScope.CurrentStore is not null)
        {
            throw new InvalidOperationException($"{_stateName}: a snapshot cannot be requested from inside an operation's apply.");
        }

        var request = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_snapshotGate)
        {
            if (_snapshotsClosed || Volatile.Read(ref _closing) != 0)
            {
                return Task.FromException<long>(new ObjectDisposedException(_stateName, $"{_stateName} is disposed; no snapshot can be taken."));
            }

            if (Volatile.Read(ref _fault) is { } fault)
            {
                return Task.FromException<long>(fault);
            }

            _snapshotRequests.Enqueue(request);
        }

        _wake.Set();
        return request.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Restores the recovered snapshot, if any; returns the sequence replay continues after.</summary>
    private long RestoreSnapshot()
    {
        if (_log.RecoveredSnapshot is not { } snapshot)
        {
            return 0;
        }

        SnapshotBody.Restore(_codec, _state, snapshot, _stateName);
        _recoveredSnapshotSequence = snapshot.Sequence;
        _policyBaseSequence = snapshot.Sequence;
        _lastSnapshotLength = snapshot.Body.Length;
        return snapshot.Sequence;
    }

    /// <summary>
    /// On the apply thread, between batches: when a snapshot was requested or the policy says one
    /// is due and none is being written, serializes the state (the only pause applies see) and
    /// hands the bytes to a background write.
    /// </summary>
    private void MaybeStartSnapshot()
    {
        if (!SnapshotWanted())
        {
            return;
        }

        long applied = _lastApplied;
        long bytes = _log.BytesCommitted;

        var requests = new List<TaskCompletionSource<long>>();
        while (_snapshotRequests.TryDequeue(out TaskCompletionSource<long>? request))
        {
            requests.Add(request);
        }

        if (Volatile.Read(ref _fault) is { } fault)
        {
            requests.ForEach(r => r.TrySetException(fault));
            return;
        }

        long newest = _log.SnapshotSequence;
        if (applied == 0 || applied <= newest)
        {
            // Nothing applied since the newest snapshot: it already is this state.
            requests.ForEach(r => r.TrySetResult(Math.Max(newest, 0)));
            return;
        }

        long started = Stopwatch.GetTimestamp();
        _policyBaseSequence = applied;
        _policyBaseBytes = bytes;
        // A refusal leaves the policy base moved: it tries again after its next interval, not after every batch.
        if (SerializeForSnapshot(requests) is not { } body)
        {
            return;
        }

        long paused = Stopwatch.GetTimestamp() - started;
        Volatile.Write(ref _lastSnapshotPauseTicks, paused);
        _metrics.SnapshotPaused(paused);
        _snapshotWriting = true;
        _snapshotWrite = StartSnapshotWrite(applied, body, requests);
    }

    /// <summary>
    /// Serializes the state for a snapshot (the only pause applies see). A state the snapshot
    /// format refuses (nested too deep, a value it cannot write) fails <paramref name="requests"/>
    /// and is reported through the log's events, never thrown up the calling thread: null then.
    /// </summary>
    private ReadOnlyMemory<byte>? SerializeForSnapshot(List<TaskCompletionSource<long>> requests)
    {
        try
        {
            // The next body is sized like the last one plus an eighth, for a state that grew since.
            long expected = Math.Min(Array.MaxLength, _lastSnapshotLength + (_lastSnapshotLength / 8));
            ReadOnlyMemory<byte> body = SnapshotBody.Write(_codec, _state, _stateName, (int)expected);
            _lastSnapshotLength = body.Length;
            return body;
        }
        catch (DurableSnapshotException refused)
        {
            _log.ReportSnapshotNotTaken(refused.Message);
            requests.ForEach(r => r.TrySetException(refused));
            return null;
        }
    }

    /// <summary>Writes a serialized snapshot on its own thread, beside new operations.</summary>
    private Task StartSnapshotWrite(long sequence, ReadOnlyMemory<byte> body, List<TaskCompletionSource<long>> requests) =>
        Task.Factory.StartNew(
            () => WriteSnapshot(sequence, body, requests),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    /// <summary>
    /// Whether the apply thread should start a snapshot now: none is being written, and one was
    /// requested or the policy says one is due. The apply thread asks again after resetting its
    /// wake-up event, so a request (or the end of a write) that lands between its first look and
    /// the reset is never slept through.
    /// </summary>
    private bool SnapshotWanted()
    {
        if (_snapshotWriting)
        {
            return false;
        }

        long applied = _lastApplied;
        long logSince = _log.BytesCommitted - _policyBaseBytes;
        return !_snapshotRequests.IsEmpty
            || (applied > _policyBaseSequence
                && ((_policy.RecordsBetweenSnapshots > 0 && applied - _policyBaseSequence >= _policy.RecordsBetweenSnapshots)
                    || (_policy.LogBytesBetweenSnapshots > 0 && logSince >= _policy.LogBytesBetweenSnapshots))
                && logSince >= _policy.LogToSnapshotRatio * _lastSnapshotLength);
    }

    private void WriteSnapshot(long sequence, ReadOnlyMemory<byte> body, List<TaskCompletionSource<long>> requests)
    {
        try
        {
            long writeStarted = Stopwatch.GetTimestamp();
            _log.WriteSnapshot(sequence, body.Span);
            _metrics.SnapshotWritten(body.Length, Stopwatch.GetTimestamp() - writeStarted);
            requests.ForEach(r => r.TrySetResult(sequence));
        }
#pragma warning disable CA1031 // Reported to the requests (and the log's messages); a failed snapshot loses nothing.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            requests.ForEach(r => r.TrySetException(exception));
        }
        finally
        {
            _snapshotWriting = false;
            _wake.Set();
        }
    }

    /// <summary>On a clean dispose, after the apply thread stopped: waits for a snapshot being written, then takes the final one.</summary>
    private async Task CloseSnapshotsAsync()
    {
        await _snapshotWrite.ConfigureAwait(false);
        List<TaskCompletionSource<long>> stranded;
        lock (_snapshotGate)
        {
            _snapshotsClosed = true;
            stranded = [.. _snapshotRequests];
            _snapshotRequests.Clear();
        }

        bool wanted = stranded.Count > 0 || (_policy.OnDispose && _lastApplied > _log.SnapshotSequence);
        if (!wanted || Volatile.Read(ref _fault) is not null || _lastApplied <= _log.SnapshotSequence)
        {
            stranded.ForEach(r => r.TrySetResult(_log.SnapshotSequence));
            return;
        }

        if (SerializeForSnapshot(stranded) is { } body)
        {
            await StartSnapshotWrite(_lastApplied, body, stranded).ConfigureAwait(false);
        }
    }
}
