using Durably.Storage.Recovery;

namespace Durably.Storage.Snapshots;

/// <summary>
/// What snapshot recovery decided before anything is written: the snapshots kept (the chosen one
/// first, then the previous one), the ones to set aside, and the records saying why. Deciding
/// first lets a refusal leave every file as it was.
/// </summary>
internal sealed class SnapshotSelection
{
    /// <summary>The snapshots kept, newest first: the one to restore, then the previous one.</summary>
    internal List<SnapshotCandidate> Kept { get; } = [];

    /// <summary>Sequences of snapshot files to rename out of the way.</summary>
    internal List<long> SetAside { get; } = [];

    /// <summary>Why each was set aside (or what loss was accepted).</summary>
    internal List<RepairRecord> Records { get; } = [];
}
