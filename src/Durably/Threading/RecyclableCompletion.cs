using System.Threading.Tasks.Sources;

namespace Durably.Threading;

/// <summary>
/// The completion of a pooled <see cref="IValueTaskSource{TResult}"/>: one producer completes it,
/// one consumer takes the result, and its owner is recycled only once both are done with it,
/// whichever comes last. Continuations run on the thread pool unless the owner allows them to run
/// on the producer's thread (<see cref="RunContinuationsOnProducer"/>).
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

    /// <summary>
    /// Whether a continuation registered without a scheduling context runs on the producer's
    /// thread, inside <see cref="SetResult"/>, instead of being queued to the thread pool. Kept
    /// across <see cref="Reset"/>; set it before the completion is handed out.
    /// </summary>
    public bool RunContinuationsOnProducer
    {
        readonly get => !_core.RunContinuationsAsynchronously;
        set => _core.RunContinuationsAsynchronously = !value;
    }

    /// <summary>The token of the current use, for the <see cref="ValueTask{TResult}"/> handed out.</summary>
    public readonly short Version => _core.Version;

    /// <summary>
    /// Completes with <paramref name="result"/> (producer), exactly once; recycles
    /// <paramref name="owner"/> if the consumer is already done. Returns the exception a caller's
    /// <see cref="SynchronizationContext"/> or <see cref="TaskScheduler"/> threw while scheduling
    /// its continuation, or null (see <see cref="Complete"/>).
    /// </summary>
    public Exception? SetResult(TResult result, IRecyclable owner) => Complete(ref this, result, null, owner);

    /// <summary>Completes with <paramref name="error"/> (producer), exactly once; as <see cref="SetResult"/>.</summary>
    public Exception? SetException(Exception error, IRecyclable owner) => Complete(ref this, default, error, owner);

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

    /// <summary>
    /// The completion is published before the registered continuation is scheduled, and the
    /// scheduling runs the caller's context (<c>SynchronizationContext.Post</c>, a custom
    /// <c>TaskScheduler</c>), which may throw. That exception must not escape into the producer:
    /// the operation did complete, and a producer that took the throw for a failure would complete
    /// it a second time (an already-succeeded append "failed") and crash the process. It is
    /// returned for the producer to report; the caller whose context refused to run the
    /// continuation is the one left waiting.
    /// </summary>
    private static Exception? Complete(ref RecyclableCompletion<TResult> completion, TResult? result, Exception? error, IRecyclable owner)
    {
        Exception? scheduling = null;
        try
        {
            if (error is null)
            {
                completion._core.SetResult(result!);
            }
            else
            {
                completion._core.SetException(error);
            }
        }
        catch (Exception e) when (completion._core.GetStatus(completion._core.Version) != ValueTaskSourceStatus.Pending)
        {
            scheduling = e;
        }

        completion.Finish(ProducerDone, owner);
        return scheduling;
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
