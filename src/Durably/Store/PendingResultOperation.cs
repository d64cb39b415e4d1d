using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;
using Durably.Threading;

namespace Durably.Runtime;

/// <summary>A pending operation that returns a value; its caller awaits it as a <see cref="ValueTask{TResult}"/>.</summary>
/// <typeparam name="TState">The state class.</typeparam>
/// <typeparam name="TResult">The operation's result.</typeparam>
internal sealed class PendingResultOperation<TState, TResult> : PendingOperation<TState>, IValueTaskSource<TResult>, IRecyclable
    where TState : class
{
    private const int PoolLimit = 4096;
    private static readonly ConcurrentQueue<PendingResultOperation<TState, TResult>> Pool = new();
    private static int s_pooled;

    // Continuations run on the thread pool, unless the store allows synchronous continuations (then on
    // the store thread that completes the operation, the log or the apply thread); the instance goes back
    // to the pool once the apply thread has completed it and the caller has taken the result.
    private RecyclableCompletion<TResult> _completion = new();
    private IOperationRecord<TState, TResult>? _record;
    private Exception? _failure;
    private TResult? _result;

    private PendingResultOperation()
    {
    }

    public override string OperationName => _record!.OperationName;

    /// <summary>Sets the record to apply: the caller's, or the one decoded from the logged bytes.</summary>
    public void SetRecord(IOperationRecord<TState, TResult> record) => _record = record;

    /// <summary>What the caller awaits.</summary>
    public ValueTask<TResult> Task => new(this, _completion.Version);

    public static PendingResultOperation<TState, TResult> Rent(bool synchronousContinuations)
    {
        if (Pool.TryDequeue(out PendingResultOperation<TState, TResult>? pending))
        {
            Interlocked.Decrement(ref s_pooled);
        }
        else
        {
            pending = new PendingResultOperation<TState, TResult>();
        }

        pending._completion.RunContinuationsOnProducer = synchronousContinuations;
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

    protected override Exception? CompleteCore(Exception? failure) => (failure ?? _failure) is { } error
        ? _completion.SetException(error, this)
        : _completion.SetResult(_result!, this);

    public override void Discard() => ((IRecyclable)this).Recycle();

    TResult IValueTaskSource<TResult>.GetResult(short token) => _completion.GetResult(token, this);

    ValueTaskSourceStatus IValueTaskSource<TResult>.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource<TResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    void IRecyclable.Recycle()
    {
        _record = null;
        _failure = null;
        _result = default;
        ResetTracking();
        _completion.Reset();
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
