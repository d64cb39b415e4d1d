using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;
using Durably.Threading;

namespace Durably.Store;

/// <summary>A pending operation that returns a value; its caller awaits it as a <see cref="ValueTask{TResult}"/>.</summary>
/// <typeparam name="TState">The state class.</typeparam>
/// <typeparam name="TResult">The operation's result.</typeparam>
internal sealed class PendingResultOperation<TState, TResult> : PendingOperation<TState>, IValueTaskSource<TResult>
    where TState : class
{
    private const int PoolLimit = 4096;
    private static readonly ConcurrentQueue<PendingResultOperation<TState, TResult>> Pool = new();
    private static int s_pooled;

    // Continuations run on the thread pool, never inline on the apply thread.
    private ManualResetValueTaskSourceCore<TResult> _completion = new() { RunContinuationsAsynchronously = true };
    private RecycleGate _gate;
    private IOperationRecord<TState, TResult>? _record;
    private Exception? _failure;
    private TResult? _result;

    private PendingResultOperation()
    {
    }

    public override string OperationName => _record!.OperationName;

    /// <summary>What the caller awaits.</summary>
    public ValueTask<TResult> Task => new(this, _completion.Version);

    public static PendingResultOperation<TState, TResult> Rent(IOperationRecord<TState, TResult> record)
    {
        if (Pool.TryDequeue(out PendingResultOperation<TState, TResult>? pending))
        {
            Interlocked.Decrement(ref s_pooled);
        }
        else
        {
            pending = new PendingResultOperation<TState, TResult>();
        }

        pending._record = record;
        return pending;
    }

    public override void Apply(TState state)
    {
        try
        {
            _result = _record!.ApplyWithResult(state);
        }
#pragma warning disable CA1031 // Whatever the apply throws belongs to its caller; replay catches the same.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _failure = exception;
        }
    }

    public override void Complete()
    {
        if (_failure is null)
        {
            _completion.SetResult(_result!);
        }
        else
        {
            _completion.SetException(_failure);
        }

        ProducerFinished();
    }

    public override void Fail(Exception exception)
    {
        _completion.SetException(exception);
        ProducerFinished();
    }

    TResult IValueTaskSource<TResult>.GetResult(short token)
    {
        if (_completion.GetStatus(token) == ValueTaskSourceStatus.Pending)
        {
            throw new InvalidOperationException("The operation has not completed; await it instead of taking its result.");
        }

        try
        {
            return _completion.GetResult(token);
        }
        finally
        {
            if (_gate.ConsumerFinished())
            {
                Return();
            }
        }
    }

    ValueTaskSourceStatus IValueTaskSource<TResult>.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource<TResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    // Reused only once the apply thread has finished completing it and the caller has taken the
    // result, whichever comes last (see RecycleGate).
    private void ProducerFinished()
    {
        if (_gate.ProducerFinished())
        {
            Return();
        }
    }

    private void Return()
    {
        _record = null;
        _failure = null;
        _result = default;
        ResetTracking();
        _completion.Reset();
        _gate.Reset();
        if (Interlocked.Increment(ref s_pooled) <= PoolLimit)
        {
            Pool.Enqueue(this);
        }
        else
        {
            Interlocked.Decrement(ref s_pooled);
        }
    }
}
