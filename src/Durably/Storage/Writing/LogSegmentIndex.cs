namespace Durably.Storage.Writing;

/// <summary>
/// Which segment holds which sequence numbers, for readers: each segment that holds frames,
/// with its first sequence and the chain value its first frame continues. Appended by the
/// log thread when a segment receives its first frame; read by any thread.
/// </summary>
internal sealed class LogSegmentIndex
{
    private readonly object _lock = new();
    private readonly List<IndexedSegment> _segments = [];

    /// <summary>Segments holding frames.</summary>
    internal int Count
    {
        get
        {
            lock (_lock)
            {
                return _segments.Count;
            }
        }
    }

    internal void Add(IndexedSegment segment)
    {
        lock (_lock)
        {
            _segments.Add(segment);
        }
    }

    /// <summary>Forgets the segments numbered below <paramref name="segment"/> (retired behind a snapshot).</summary>
    internal void RemoveBefore(uint segment)
    {
        lock (_lock)
        {
            _segments.RemoveAll(s => s.Number < segment);
        }
    }

    /// <summary>A copy of the index as it is now.</summary>
    internal IndexedSegment[] Snapshot()
    {
        lock (_lock)
        {
            return [.. _segments];
        }
    }
}

/// <summary>A segment that holds frames.</summary>
/// <param name="Number">Segment number.</param>
/// <param name="Size">Segment size.</param>
/// <param name="FirstSequence">Sequence of its first record.</param>
/// <param name="ChainBefore">The CRC of the frame before its first frame (the chain value).</param>
internal readonly record struct IndexedSegment(uint Number, long Size, long FirstSequence, uint ChainBefore);
