namespace Durably;

/// <summary>
/// When a durable state writes a snapshot of itself, so that opening replays only the records
/// after it and the log behind it can be deleted. The defaults need no tuning: a snapshot after
/// every 100,000 records or 64 MiB of log since the last one, whichever comes first, but not before
/// the log since the last one is as large as that snapshot was, and one on a clean
/// <c>DisposeAsync</c> when anything was applied since the last one. <c>SnapshotAsync()</c> on the
/// state takes one at any time.
/// </summary>
/// <remarks>
/// Taking a snapshot pauses applies only while the state is serialized in memory (on the apply
/// thread); writing it to both copies, verifying it and retiring the log behind it happen beside
/// new operations. The newest snapshot and the previous one are kept, with the log the previous
/// one needs, so damage to the newest in both copies still recovers.
/// </remarks>
public sealed class SnapshotPolicy
{
    /// <summary>The default record count between snapshots: 100,000.</summary>
    public const long DefaultRecordsBetweenSnapshots = 100_000;

    /// <summary>The default log volume between snapshots: 64 MiB.</summary>
    public const long DefaultLogBytesBetweenSnapshots = 64L << 20;

    /// <summary>Take a snapshot once this many records were applied since the last one; 0 turns this trigger off.</summary>
    public long RecordsBetweenSnapshots { get; set; } = DefaultRecordsBetweenSnapshots;

    /// <summary>
    /// Take a snapshot once the log has grown by this many bytes (per copy, frames as written)
    /// since the last one; 0 turns this trigger off.
    /// </summary>
    public long LogBytesBetweenSnapshots { get; set; } = DefaultLogBytesBetweenSnapshots;

    /// <summary>
    /// Hold the record and log-byte triggers back until the log written since the last snapshot
    /// (per copy, frames as written) is at least this many times that snapshot's size; 0 turns
    /// this gate off. Default 1: a large state is rewritten no more often than the log grows by
    /// its size, so snapshots never write more than the log does (a 1 GiB state is not serialized
    /// again after every 100,000 small records), while opening still replays no more log than one
    /// snapshot's worth beyond the record and byte triggers.
    /// </summary>
    public double LogToSnapshotRatio { get; set; } = DefaultLogToSnapshotRatio;

    /// <summary>The default <see cref="LogToSnapshotRatio"/>: 1.</summary>
    public const double DefaultLogToSnapshotRatio = 1;

    /// <summary>Take a snapshot on a clean <c>DisposeAsync</c> when records were applied since the last one (default true).</summary>
    public bool OnDispose { get; set; } = true;

    /// <summary>A policy that never takes a snapshot by itself (<c>SnapshotAsync()</c> still does).</summary>
    public static SnapshotPolicy Manual => new() { RecordsBetweenSnapshots = 0, LogBytesBetweenSnapshots = 0, OnDispose = false };

    internal SnapshotPolicy Clone() => new()
    {
        RecordsBetweenSnapshots = RecordsBetweenSnapshots,
        LogBytesBetweenSnapshots = LogBytesBetweenSnapshots,
        OnDispose = OnDispose,
        LogToSnapshotRatio = LogToSnapshotRatio,
    };

    internal void Validate()
    {
        if (RecordsBetweenSnapshots < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RecordsBetweenSnapshots), RecordsBetweenSnapshots, "SnapshotPolicy.RecordsBetweenSnapshots must be 0 (off) or positive.");
        }

        if (LogBytesBetweenSnapshots < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(LogBytesBetweenSnapshots), LogBytesBetweenSnapshots, "SnapshotPolicy.LogBytesBetweenSnapshots must be 0 (off) or positive.");
        }

        if (!double.IsFinite(LogToSnapshotRatio) || LogToSnapshotRatio < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(LogToSnapshotRatio), LogToSnapshotRatio, "SnapshotPolicy.LogToSnapshotRatio must be 0 (off) or a positive finite number.");
        }
    }
}
