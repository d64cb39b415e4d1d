namespace Durably;

/// <summary>A durable state's status: its log's and how far operations have been applied.</summary>
/// <param name="Log">The log's status: engine and why, alignment, copies, segments, repairs, fault.</param>
/// <param name="LastAppliedSequence">The sequence number of the last operation applied to the in-memory state (0 before any).</param>
/// <param name="ReplayedRecords">How many records were replayed when the state was opened.</param>
/// <param name="ReplayedFailures">How many of those threw again during replay, as they did when first applied.</param>
/// <param name="Fault">Why the store stopped accepting operations (the log's fault), or null while it works.</param>
public sealed record DurableStoreStatus(
    LogStatus Log,
    long LastAppliedSequence,
    long ReplayedRecords,
    long ReplayedFailures,
    Exception? Fault)
{
    /// <summary>True once the log has faulted: every operation fails until the state is reopened.</summary>
    public bool IsFaulted => Fault is not null;

    /// <summary>The sequence of the newest durable, verified snapshot (recovered or taken since), or 0 for none.</summary>
    public long SnapshotSequence { get; init; }

    /// <summary>The sequence of the snapshot the state was recovered from when opened (replay went on after it), or 0 for none.</summary>
    public long RecoveredSnapshotSequence { get; init; }

    /// <summary>How long applies paused for the last snapshot taken since opening (the in-memory serialization).</summary>
    public TimeSpan LastSnapshotPause { get; init; }
}
