namespace Durably;

/// <summary>A snapshot of the log's state, for health checks, tools and logs.</summary>
public sealed class LogStatus
{
    /// <summary>The I/O engine in use.</summary>
    public required LogEngineKind Engine { get; init; }

    /// <summary>The engine's short name as messages and tools print it ("portable", "io_uring", "simulated").</summary>
    public required string EngineName { get; init; }

    /// <summary>Why that engine was chosen.</summary>
    public required string EngineReason { get; init; }

    /// <summary>The log's 128-bit id in hex.</summary>
    public required string LogId { get; init; }

    /// <summary>Frame alignment in bytes (every frame starts at a multiple of it).</summary>
    public required int Alignment { get; init; }

    /// <summary>The segment size new segments get.</summary>
    public required long SegmentSize { get; init; }

    /// <summary>The largest record an append accepts.</summary>
    public required int MaxRecordSize { get; init; }

    /// <summary>The copies (one or two) and their devices.</summary>
    public required IReadOnlyList<LogCopyStatus> Copies { get; init; }

    /// <summary>How a commit reaches the copies.</summary>
    public required LogCopyOrdering CopyOrdering { get; init; }

    /// <summary>True if every frame is read back and compared before it is acknowledged.</summary>
    public required bool VerifyAfterWrite { get; init; }

    /// <summary>The highest durable sequence number (0 for an empty log).</summary>
    public required long LastSequence { get; init; }

    /// <summary>Segments holding the log (the current one included), per copy.</summary>
    public required int SegmentCount { get; init; }

    /// <summary>
    /// Group commits since the log was opened: frames made durable in every copy, each carrying
    /// every record appended while the previous one was on disk. Appends divided by commits is
    /// the batch size.
    /// </summary>
    public required long CommitCount { get; init; }

    /// <summary>Preallocated segments ready for use, per copy.</summary>
    public required int SpareSegmentCount { get; init; }

    /// <summary>True after a write, sync or verification failure: appends fail until the log is reopened.</summary>
    public required bool IsFaulted { get; init; }

    /// <summary>What faulted the log, or null.</summary>
    public string? FaultReason { get; init; }

    /// <summary>True while new appends are refused because no further segment could be reserved.</summary>
    public required bool IsFull { get; init; }

    /// <summary>Why space could not be reserved, or null.</summary>
    public string? FullReason { get; init; }

    /// <summary>What recovery repaired or truncated when the log was opened; empty when nothing.</summary>
    public required string Repairs { get; init; }

    /// <summary>Configuration warnings (one copy only, both copies on one device, no O_DIRECT).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>The sequence of the newest durable, verified snapshot (recovered or written since), or 0 for none.</summary>
    public long SnapshotSequence { get; init; }

    /// <summary>Segment files deleted behind snapshots since the log was opened (both copies counted).</summary>
    public long RetiredSegmentCount { get; init; }
}
