namespace Durably.Storage.Format;

/// <summary>Constants of the on-disk format (docs/format.md is the specification).</summary>
internal static class LogFormat
{
    /// <summary>The format version written in every frame and segment header.</summary>
    internal const ushort Version = 1;

    /// <summary>"DRBL" read as a little-endian u32: the first four bytes of every frame.</summary>
    internal const uint FrameMagic = 0x4C425244;

    /// <summary>"DRBS" read as a little-endian u32: the first four bytes of every segment.</summary>
    internal const uint SegmentMagic = 0x53425244;

    /// <summary>Size of the fixed frame header.</summary>
    internal const int FrameHeaderSize = 64;

    /// <summary>Size of the segment header (the rest of the segment's first aligned block is zero).</summary>
    internal const int SegmentHeaderSize = 64;

    /// <summary>The chain value of the first frame of a log (segment 1): there is no previous frame.</summary>
    internal const uint InitialChain = 0;

    /// <summary>The smallest alignment a log accepts (one 512-byte sector).</summary>
    internal const int MinimumAlignment = 512;

    /// <summary>The largest alignment a log accepts.</summary>
    internal const int MaximumAlignment = 1 << 20;

    /// <summary>The alignment used when the device reports a smaller one (or none).</summary>
    internal const int DefaultAlignment = 4096;
}
