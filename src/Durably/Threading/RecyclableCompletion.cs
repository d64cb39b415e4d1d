using System.Threading.Tasks.Sources;

namespace Durably.Threading;

/// <summary>
/// The completion of a pooled <see cref="IValueTaskSource{TResult}"/>: one producer completes it,
/// one consumer takes the result, and its owner is recycled only once both are done with it,
/// whichever comes last. Continuations always run asynchronously.
/// </summary>
/// <remarks>
/// <see cref="ManualResetValueTaskSourceCore{TResult}"/> publishes "completed" before it reads the
/// continuation registered with it. A consumer that sees the completion (by polling
/// <c>IsCompleted</c>, or on another thread than its registered continuation) may take the result
/// while the producer is still inside <c>SetResult</c>; if the owner were recycled there and then,
/// the producer would go on to run the next user's continuation, or this user's continuation with
/// the next user's state.
/// </remarks>
/// <typeparam name="TResult">The result the consumer takes.</typeparam>
internal struct RecyclableCompletion<TResult>
{
    private const int ProducerDone = 1;
    private const int ConsumerDone = 2;
    private ManualResetValueTaskSourceCore<TResult> _core;
    private int _done;

    /// <summary>Creates a completion whose continuations run on the thread pool, never inline.</summary>
    public RecyclableCompletion()
    {
        _core.RunContinuationsAsynchronously = true;
    }

    /// <summary>The token of the current use, for the <see cref="ValueTask{TResult}"/> handed out.</summary>
    public readonly short Version => _core.Version;

    /// <summary>Completes with <paramref name="result"/> (producer); recycles <paramref name="owner"/> if the consumer is already done.</summary>
    public void SetResult(TResult result, IRecyclable owner)
    {
        _core.SetResult(result);
        Finish(ProducerDone, owner);
    }

    /// <summary>Completes with <paramref name="error"/> (producer); recycles <paramref name="owner"/> if the consumer is already done.</summary>
    public void SetException(Exception error, IRecyclable owner)
    {
        _core.SetException(error);
        Finish(ProducerDone, owner);
    }

    /// <summary>
    /// Takes the result (consumer); recycles <paramref name="owner"/> if the producer is already
    /// done. Taking it before completion throws and leaves the completion as it was; taking it
    /// twice never recycles twice.
    /// </summary>
    public TResult GetResult(short token, IRecyclable owner)
    {
        if (_core.GetStatus(token) == ValueTaskSourceStatus.Pending)
        {
            throw new InvalidOperationException("The operation has not completed; await it instead of taking its result.");
        }

        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Finish(ConsumerDone, owner);
        }
    }

    /// <summary>The status for the consumer's <paramref name="token"/>.</summary>
    public readonly ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    /// <summary>Registers the consumer's continuation.</summary>
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    /// <summary>Readies the completion for the next use; called by the owner's <see cref="IRecyclable.Recycle"/>.</summary>
    public void Reset()
    {
        _core.Reset();
        Volatile.Write(ref _done, 0);
    }

    private void Finish(int party, IRecyclable owner)
    {
        int before = Interlocked.Or(ref _done, party);

        // A repeated finish by the same party (a result taken twice) never recycles.
        if ((before & party) == 0 && (before | party) == (ProducerDone | ConsumerDone))
        {
            owner.Recycle();
        }
    }
}
