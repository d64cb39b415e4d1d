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

    /// <summary>Why each was set aside (or what loss was accepted), as repair records.</summary>
    internal List<RepairRecord> Records { get; } = [];

    /// <summary>Why each was set aside, one short line per file, for a refusal's message.</summary>
    internal List<string> WhySetAside { get; } = [];

    /// <summary>Sets the snapshot at <paramref name="sequence"/> aside and says why.</summary>
    internal void Reject(long sequence, string why, RepairRecord record)
    {
        SetAside.Add(sequence);
        WhySetAside.Add(SnapshotFileName.For(sequence) + ": " + why);
        Records.Add(record);
    }
}
