using Durably.Storage.Format;
using Durably.Storage.Snapshots;

namespace Durably.Storage.Recovery;

/// <summary>
/// What recovery found and what must be done before the log accepts appends: where the log
/// ends, and per copy which frames, headers, segments and tails to rewrite.
/// </summary>
internal sealed class RecoveryPlan
{
    internal RecoveryPlan(LogId logId, int alignment, bool isNewLog)
    {
        LogId = logId;
        Alignment = alignment;
        IsNewLog = isNewLog;
    }

    /// <summary>The log's id.</summary>
    internal LogId LogId { get; }

    /// <summary>The log's alignment.</summary>
    internal int Alignment { get; }

    /// <summary>True when neither copy held any segment: a new log is created.</summary>
    internal bool IsNewLog { get; }

    /// <summary>Where the scan began: segment 1, or the start segment a verified snapshot named.</summary>
    internal LogStart Start { get; set; } = LogStart.Beginning;

    /// <summary>The segments holding the log, in order (the last is where appends continue).</summary>
    internal List<RecoveredSegment> Segments { get; } = [];

    /// <summary>The segment where the next frame goes (unless it does not fit).</summary>
    internal uint EndSegment { get; set; }

    /// <summary>The offset in <see cref="EndSegment"/> where the next frame goes.</summary>
    internal long EndOffset { get; set; }

    /// <summary>The last recovered sequence number (0 if none).</summary>
    internal long LastSequence { get; set; }

    /// <summary>The CRC of the last recovered frame (the next frame's chain value).</summary>
    internal uint LastCrc { get; set; } = LogFormat.InitialChain;

    /// <summary>Number of frames recovered.</summary>
    internal long FrameCount { get; set; }

    /// <summary>Preallocated, untouched segments after the end, usable as spares (present in every copy).</summary>
    internal List<(uint Number, long Size)> Spares { get; } = [];

    /// <summary>Frames a copy lacks, to copy from the other copy in place.</summary>
    internal List<FrameRepair> FrameRepairs { get; } = [];

    /// <summary>Segment headers to rewrite in place.</summary>
    internal List<(int Copy, uint Segment)> HeaderRepairs { get; } = [];

    /// <summary>Segment files a copy lacks (or holds with the wrong length), to build anew.</summary>
    internal List<SegmentRebuild> Rebuilds { get; } = [];

    /// <summary>Non-zero ranges past the end of the log, to zero.</summary>
    internal List<(int Copy, uint Segment, long Offset, long Length)> ZeroRanges { get; } = [];

    /// <summary>Files to delete (leftover temporaries, damaged or used spares, segments after a truncation).</summary>
    internal List<(int Copy, string FileName)> Deletions { get; } = [];

    /// <summary>What is repaired, cut, deleted or lost, one record each (empty when the log was intact).</summary>
    internal List<RepairRecord> Records { get; } = [];

    /// <summary>The clean-close record found in the directories, if the log was closed cleanly.</summary>
    internal CleanCloseRecord? CleanClose { get; set; }

    /// <summary>True when anything has to be written or deleted.</summary>
    internal bool NeedsRepair =>
        FrameRepairs.Count > 0 || HeaderRepairs.Count > 0 || Rebuilds.Count > 0 || ZeroRanges.Count > 0 || Deletions.Count > 0;
}

/// <summary>A segment of the recovered log.</summary>
/// <param name="Number">Segment number.</param>
/// <param name="Size">Segment size.</param>
/// <param name="FirstSequence">Sequence of its first record, or 0 if it holds none.</param>
/// <param name="EndOffset">Offset just past its last frame.</param>
/// <param name="ChainBefore">The chain value its first frame continues.</param>
internal sealed record RecoveredSegment(uint Number, long Size, long FirstSequence, long EndOffset, uint ChainBefore);

/// <summary>A frame to copy into <paramref name="Copy"/> from <paramref name="SourceCopy"/> at the same position.</summary>
internal readonly record struct FrameRepair(int Copy, int SourceCopy, uint Segment, long Offset, int Length);

/// <summary>A segment file to build anew in <paramref name="Copy"/>, with the frames it must hold.</summary>
internal sealed record SegmentRebuild(int Copy, uint Segment, long Size, List<FrameRepair> Frames);
