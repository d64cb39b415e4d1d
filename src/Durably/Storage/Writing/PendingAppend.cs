using System.Threading.Tasks.Sources;
using Durably.Threading;

namespace Durably.Storage.Writing;

/// <summary>
/// One append on its way to disk: the caller's record and the completion the caller awaits.
/// Pooled and reused, so an append allocates nothing beyond what the caller's await needs;
/// continuations always run asynchronously, never on the log thread. It is reused only after the
/// log thread has finished completing it and the caller has taken the result (see
/// <see cref="RecycleGate"/>).
/// </summary>
internal sealed class PendingAppend : IValueTaskSource<long>
{
    private readonly AppendPool _pool;
    private ManualResetValueTaskSourceCore<long> _core;
    private RecycleGate _gate;

    internal PendingAppend(AppendPool pool)
    {
        _pool = pool;
        _core.RunContinuationsAsynchronously = true;
    }

    /// <summary>The caller's record; valid until the append completes.</summary>
    internal ReadOnlyMemory<byte> Record { get; set; }

    /// <summary>The sequence number, once accepted.</summary>
    internal long Sequence { get; set; }

    /// <summary>Bytes reserved for the record: the size of a frame holding it alone.</summary>
    internal long WorstCaseBytes { get; set; }

    /// <summary>The task the caller awaits.</summary>
    internal ValueTask<long> Task => new(this, _core.Version);

    /// <summary>Completes the caller's task with <see cref="Sequence"/> (log thread only).</summary>
    internal void Succeed()
    {
        _core.SetResult(Sequence);
        if (_gate.ProducerFinished())
        {
            Recycle();
        }
    }

    /// <summary>Fails the caller's task (log thread only).</summary>
    internal void Fail(Exception error)
    {
        _core.SetException(error);
        if (_gate.ProducerFinished())
        {
            Recycle();
        }
    }

    public long GetResult(short token)
    {
        if (_core.GetStatus(token) == ValueTaskSourceStatus.Pending)
        {
            throw new InvalidOperationException("The append has not completed; await it instead of taking its result.");
        }

        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            if (_gate.ConsumerFinished())
            {
                Recycle();
            }
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private void Recycle()
    {
        Record = default;
        Sequence = 0;
        WorstCaseBytes = 0;
        _core.Reset();
        _gate.Reset();
        _pool.Return(this);
    }
}
