namespace Durably.Storage.Snapshots;

/// <summary>
/// What recovery does with a log's snapshots, decided before anything is written: the snapshots
/// it keeps (newest first: the one it loads, then the one kept for a fallback), the files it sets
/// aside and the records it reports (set aside, rewritten in a copy, data loss accepted).
/// </summary>
internal sealed class SnapshotRecoveryPlan
{
    /// <summary>The snapshots recovery keeps, newest first: it loads the first.</summary>
    internal List<SnapshotCandidate> Kept { get; } = [];

    /// <summary>Sequences of the snapshot files recovery renames out of the way.</summary>
    internal List<long> SetAside { get; } = [];

    /// <summary>What recovery reports about the snapshots.</summary>
    internal List<RepairRecord> Records { get; } = [];
}
