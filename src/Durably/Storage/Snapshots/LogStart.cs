using Durably.Storage.Format;

namespace Durably.Storage.Snapshots;

/// <summary>
/// Where recovery begins to read the log: segment 1 with sequence 1 for a log that was never
/// retired, or the first segment a verified snapshot still needs, with that segment's first
/// sequence and the chain value its first frame continues (both taken from the snapshot).
/// </summary>
/// <param name="Segment">The first segment of the live log.</param>
/// <param name="FirstSequence">The sequence of its first record.</param>
/// <param name="ChainBefore">The chain value its first frame continues.</param>
internal readonly record struct LogStart(uint Segment, long FirstSequence, uint ChainBefore)
{
    /// <summary>The start of a log that was never retired.</summary>
    internal static LogStart Beginning => new(1, 1, LogFormat.InitialChain);
}
