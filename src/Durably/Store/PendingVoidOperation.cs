using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;
using Durably.Threading;

namespace Durably.Runtime;

/// <summary>A pending operation that returns nothing; its caller awaits it as a <see cref="ValueTask"/>.</summary>
/// <typeparam name="TState">The state class.</typeparam>
internal sealed class PendingVoidOperation<TState> : PendingOperation<TState>, IValueTaskSource, IRecyclable
    where TState : class
{
    private const int PoolLimit = 4096;
    private static readonly ConcurrentQueue<PendingVoidOperation<TState>> Pool = new();
    private static int s_pooled;

    // Continuations run on the thread pool, unless the store allows synchronous continuations (then on
    // the store thread that completes the operation, the log or the apply thread); the instance goes back
    // to the pool once the apply thread has completed it and the caller has taken the result.
    private RecyclableCompletion<bool> _completion = new();
    private IOperationRecord<TState>? _record;
    private Exception? _failure;

    private PendingVoidOperation()
    {
    }

    public override string OperationName => _record!.OperationName;

    /// <summary>Sets the record to apply: the caller's, or the one decoded from the logged bytes.</summary>
    public void SetRecord(IOperationRecord<TState> record) => _record = record;

    /// <summary>What the caller awaits.</summary>
    public ValueTask Task => new(this, _completion.Version);

    public static PendingVoidOperation<TState> Rent(bool synchronousContinuations)
    {
        if (Pool.TryDequeue(out PendingVoidOperation<TState>? pending))
        {
            Interlocked.Decrement(ref s_pooled);
        }
        else
        {
            pending = new PendingVoidOperation<TState>();
        }

        pending._completion.RunContinuationsOnProducer = synchronousContinuations;
        return pending;
    }

    public override void Apply(TState state)
    {
        try
        {
            _record!.Apply(state);
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
        : _completion.SetResult(true, this);

    public override void Discard() => ((IRecyclable)this).Recycle();

    void IValueTaskSource.GetResult(short token) => _completion.GetResult(token, this);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    void IRecyclable.Recycle()
    {
        _record = null;
        _failure = null;
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
