namespace Durably;

/// <summary>What recovery did (or found) at one place of the log; see <see cref="RepairRecord"/>.</summary>
public enum RepairKind
{
    /// <summary>A frame a copy lacked (torn, stale, missing, unreadable) was rewritten from the other copy.</summary>
    FrameRewritten,

    /// <summary>A damaged segment header was rewritten (its content follows from the log id, copy, number, alignment and size).</summary>
    HeaderRewritten,

    /// <summary>A segment file missing from a copy, or of the wrong length, was built anew from the other copy.</summary>
    SegmentRebuilt,

    /// <summary>Non-zero bytes past the end of the log were zeroed.</summary>
    TailZeroed,

    /// <summary>A file was deleted: a leftover temporary, or a spare segment that was incomplete, damaged or written to.</summary>
    FileDeleted,

    /// <summary>
    /// The frame at the end of the log was invalid in every copy with nothing intact after it and the
    /// log was not closed cleanly: an append in flight at the crash, never acknowledged, was cut.
    /// </summary>
    IncompleteFrameCut,

    /// <summary>
    /// <see cref="LogRecoveryMode.AcceptDataLoss"/> was used and records that were (or may have been)
    /// acknowledged were dropped; <see cref="RepairRecord.Sequence"/> is the first one lost.
    /// </summary>
    DataLossAccepted,

    /// <summary>A snapshot file recovery will not use (damaged in every copy, of another log or another history) was renamed to <c>.ignored</c> and kept for inspection.</summary>
    SnapshotSetAside,

    /// <summary>A snapshot file damaged or missing in one copy was rewritten from the copy that verifies.</summary>
    SnapshotRewritten,
}
