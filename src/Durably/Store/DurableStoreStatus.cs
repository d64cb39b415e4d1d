using Durably.Storage;

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
}
