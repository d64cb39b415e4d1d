using Durably.Storage.Format;

namespace Durably.Storage.Recovery;

/// <summary>
/// Where recovery may legitimately start reading the log: the lowest segment that must exist,
/// the sequence number its first frame carries and the chain value it continues. Without
/// snapshots that is segment 1, sequence 1, chain 0 (<see cref="Beginning"/>). Once a verified
/// snapshot covers every record before a later segment, the segments wholly before it may be
/// deleted and the log starts there; every other missing start is refused.
/// </summary>
/// <param name="Segment">The first segment of the log.</param>
/// <param name="Sequence">The sequence number of its first record.</param>
/// <param name="Chain">The CRC of the frame before it (the first frame's chain value).</param>
internal readonly record struct LogStart(uint Segment, long Sequence, uint Chain)
{
    /// <summary>The start of a log without snapshots.</summary>
    internal static LogStart Beginning => new(1, 1, LogFormat.InitialChain);
}
