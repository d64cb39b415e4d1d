namespace Durably.Storage.Recovery;

/// <summary>What one copy holds at a frame position (docs/format.md, "Recovery").</summary>
internal enum FrameState
{
    /// <summary>A frame whose magic, version, log id, own offset, segment, sequence, chain, CRC and records all hold.</summary>
    Valid,

    /// <summary>Nothing there: zeros, past the end of the file, or no file.</summary>
    Missing,

    /// <summary>Something there that is not an intact frame: a torn write, a bit flip, garbage.</summary>
    Corrupt,

    /// <summary>An intact frame (its CRC holds) that belongs elsewhere: another offset, segment, log, sequence or chain.</summary>
    Stale,

    /// <summary>The device failed to read it (a latent sector error).</summary>
    Unreadable,
}
