using System.Threading.Tasks.Sources;
using Durably.Threading;

namespace Durably.Storage.Writing;

/// <summary>
/// One append on its way to disk: the caller's record and the completion the caller awaits.
/// Pooled and reused, so an append allocates nothing beyond what the caller's await needs;
/// continuations always run asynchronously, never on the log thread. It goes back to its pool
/// once the log thread has completed it and the caller has taken the result
/// (<see cref="RecyclableCompletion{TResult}"/>).
/// </summary>
internal sealed class PendingAppend : IValueTaskSource<long>, IRecyclable
{
    private readonly AppendPool _pool;
    private RecyclableCompletion<long> _completion = new();

    internal PendingAppend(AppendPool pool)
    {
        _pool = pool;
    }

    /// <summary>The caller's record; valid until the append completes.</summary>
    internal ReadOnlyMemory<byte> Record { get; set; }

    /// <summary>The sequence number, once accepted.</summary>
    internal long Sequence { get; set; }

    /// <summary>Bytes reserved for the record: the size of a frame holding it alone.</summary>
    internal long WorstCaseBytes { get; set; }

    /// <summary>
    /// The appender's token when the outcome goes to <see cref="Sink"/> instead of <see cref="Task"/>;
    /// null for an append awaited through its task.
    /// </summary>
    internal object? Token { get; set; }

    /// <summary>Where the outcome of an append with a <see cref="Token"/> goes.</summary>
    internal ICommitSink? Sink { get; set; }

    /// <summary>The task the caller awaits.</summary>
    internal ValueTask<long> Task => new(this, _completion.Version);

    /// <summary>
    /// Completes the caller's task with <see cref="Sequence"/>, exactly once; returns what the
    /// caller's context threw while scheduling its continuation, or null.
    /// </summary>
    internal ContinuationFailure? Succeed()
    {
        // Read before completing: once completed, the caller may take the result and the append go back to its pool.
        long sequence = Sequence;
        return Refused(sequence, _completion.SetResult(sequence, this));
    }

    /// <summary>
    /// Fails the caller's task (or tells the sink, for an append with a token), exactly once;
    /// returns what the caller's context threw while scheduling its continuation, or null.
    /// </summary>
    internal ContinuationFailure? Fail(Exception error)
    {
        if (Token is { } token)
        {
            ICommitSink sink = Sink!;
            Recycle();
            sink.OnFailed(token, error);
            return null;
        }

        long sequence = Sequence;
        return Refused(sequence, _completion.SetException(error, this));
    }

    private static ContinuationFailure? Refused(long sequence, Exception? thrown) =>
        thrown is null ? null : new ContinuationFailure("append", sequence, thrown);

    /// <summary>Takes an append with a token back once its outcome was handed to the sink (nobody awaits it).</summary>
    internal void Recycle() => ((IRecyclable)this).Recycle();

    public long GetResult(short token) => _completion.GetResult(token, this);

    public ValueTaskSourceStatus GetStatus(short token) => _completion.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    void IRecyclable.Recycle()
    {
        Record = default;
        Sequence = 0;
        WorstCaseBytes = 0;
        Token = null;
        Sink = null;
        _completion.Reset();
        _pool.Return(this);
    }
}
