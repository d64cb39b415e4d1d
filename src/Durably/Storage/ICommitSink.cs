namespace Durably.Storage;

/// <summary>
/// Receives the outcome of appends made with <see cref="DurableLog.TryAppend"/>: the log hands the
/// records of every durable frame over in sequence order, one frame at a time (one ordered stream
/// of commits), and says which appends failed. The store behind the log is the one sink; nothing
/// needs to reorder what it receives.
/// </summary>
/// <remarks>
/// Both methods run on the thread that settled the appends (the log thread, the segment reservation
/// thread for a refusal or a fault found there, or the caller of manual scheduling steps), so they
/// must not block for long: the next frame waits for them.
/// </remarks>
internal interface ICommitSink
{
    /// <summary>
    /// A frame is durable in every copy (and verified, when verification is on): its records, in
    /// sequence order. Frames arrive in sequence order; no record of a later frame arrives before.
    /// </summary>
    /// <param name="commit">The frame's records that were appended with a token.</param>
    void OnCommitted(ReadOnlySpan<CommittedAppend> commit);

    /// <summary>
    /// An accepted append failed: refused for lack of space before it was sequenced
    /// (<see cref="LogFullException"/>), or its outcome is unknown because the log faulted.
    /// </summary>
    /// <param name="token">The token the append was made with.</param>
    /// <param name="error">Why.</param>
    void OnFailed(object token, Exception error);
}
