namespace Durably.Threading;

/// <summary>
/// Says when a pooled completion source may be reused: only once its producer has finished
/// completing it <em>and</em> its consumer has taken the result, whichever comes last.
/// </summary>
/// <remarks>
/// <see cref="System.Threading.Tasks.Sources.ManualResetValueTaskSourceCore{TResult}"/> publishes
/// "completed" before it reads the continuation registered with it. A consumer that sees the
/// completion (by polling <c>IsCompleted</c>, or on another thread than its registered
/// continuation) may take the result while the producer is still inside <c>SetResult</c>; if the
/// source were recycled there and then, the producer would go on to run the next user's
/// continuation, or this user's continuation with the next user's state.
/// </remarks>
internal struct RecycleGate
{
    private const int ProducerDone = 1;
    private const int ConsumerDone = 2;
    private int _done;

    /// <summary>The producer's <c>SetResult</c> or <c>SetException</c> has returned.</summary>
    /// <returns>True if the consumer had already taken the result: the caller recycles now.</returns>
    internal bool ProducerFinished() => Finish(ProducerDone);

    /// <summary>The consumer has taken the result.</summary>
    /// <returns>True if the producer had already finished: the caller recycles now.</returns>
    internal bool ConsumerFinished() => Finish(ConsumerDone);

    /// <summary>Closes the gate for the next use; called by whoever recycles, before pooling.</summary>
    internal void Reset() => Volatile.Write(ref _done, 0);

    private bool Finish(int party)
    {
        int before = Interlocked.Or(ref _done, party);

        // A repeated finish by the same party (a result taken twice) never recycles.
        return (before & party) == 0 && (before | party) == (ProducerDone | ConsumerDone);
    }
}
