using Durably.Storage.Format;

namespace Durably.Storage.Recovery;

/// <summary>What a frame at a position must say about itself to be valid there.</summary>
/// <param name="LogId">The log's id.</param>
/// <param name="SegmentNumber">The segment being read.</param>
/// <param name="SegmentSize">Its size: a frame may not extend past it.</param>
/// <param name="Offset">The position being read (the frame's own offset).</param>
/// <param name="Sequence">The sequence number the frame must start with.</param>
/// <param name="PreviousCrc">The CRC of the frame before it (the chain).</param>
/// <param name="CheckContinuity">
/// False when looking for any intact frame bound to this position regardless of sequence and
/// chain (the search for frames after the end of the log).
/// </param>
internal readonly record struct FrameExpectation(
    LogId LogId,
    uint SegmentNumber,
    long SegmentSize,
    long Offset,
    long Sequence,
    uint PreviousCrc,
    bool CheckContinuity = true);
