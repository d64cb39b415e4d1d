using System.Buffers.Binary;
using Durably.Hashing;

namespace Durably.Storage.Format;

/// <summary>
/// The fixed 64-byte little-endian header at the start of every frame:
/// <code>
///  0  u32  magic "DRBL"           24  u64  own file offset
///  4  u16  format version          32  16B  log id
///  6  u16  flags                   48  u32  previous frame's CRC (chain)
///  8  u32  payload length          52  u32  segment number
/// 12  u32  record count            56  u32  reserved (0)
/// 16  u64  first sequence number   60  u32  CRC32C of bytes 0..59, then the payload
/// </code>
/// Flags bits 0..7 hold <see cref="FramesAhead"/>; bits 8..15 are zero.
/// </summary>
internal readonly record struct FrameHeader(
    uint PayloadLength,
    uint RecordCount,
    long FirstSequence,
    long FileOffset,
    LogId LogId,
    uint PreviousCrc,
    uint SegmentNumber,
    uint Crc)
{
    internal const int MagicOffset = 0;
    internal const int VersionOffset = 4;
    internal const int FlagsOffset = 6;
    internal const int PayloadLengthOffset = 8;
    internal const int RecordCountOffset = 12;
    internal const int FirstSequenceOffset = 16;
    internal const int FileOffsetOffset = 24;
    internal const int LogIdOffset = 32;
    internal const int PreviousCrcOffset = 48;
    internal const int SegmentNumberOffset = 52;
    internal const int ReservedOffset = 56;
    internal const int CrcOffset = 60;

    /// <summary>The flag bits that hold <see cref="FramesAhead"/>; the others must be zero.</summary>
    internal const ushort FramesAheadMask = 0x00FF;

    /// <summary>
    /// How many frames the writer had in flight (submitted, not yet durable and verified in every copy)
    /// ahead of this one when it submitted it: 0 without pipelining. Recovery may cut a frame written
    /// behind unconfirmed ones, together with them, when one of them is torn in every copy.
    /// </summary>
    internal byte FramesAhead { get; init; }

    /// <summary>The last sequence number in the frame.</summary>
    internal long LastSequence => FirstSequence + RecordCount - 1;

    /// <summary>Header plus payload, before padding.</summary>
    internal long UnpaddedLength => LogFormat.FrameHeaderSize + (long)PayloadLength;

    /// <summary>
    /// Writes every field except the CRC into <paramref name="destination"/>[0..60); the CRC is
    /// stamped by <see cref="Seal"/> once the payload is in place.
    /// </summary>
    internal void WriteWithoutCrc(Span<byte> destination)
    {
        Span<byte> header = destination[..LogFormat.FrameHeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header[MagicOffset..], LogFormat.FrameMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[VersionOffset..], LogFormat.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[FlagsOffset..], FramesAhead);
        BinaryPrimitives.WriteUInt32LittleEndian(header[PayloadLengthOffset..], PayloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[RecordCountOffset..], RecordCount);
        BinaryPrimitives.WriteInt64LittleEndian(header[FirstSequenceOffset..], FirstSequence);
        BinaryPrimitives.WriteInt64LittleEndian(header[FileOffsetOffset..], FileOffset);
        LogId.WriteTo(header[LogIdOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[PreviousCrcOffset..], PreviousCrc);
        BinaryPrimitives.WriteUInt32LittleEndian(header[SegmentNumberOffset..], SegmentNumber);
        BinaryPrimitives.WriteUInt32LittleEndian(header[ReservedOffset..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[CrcOffset..], 0);
    }

    /// <summary>
    /// Computes the frame CRC over header bytes 0..59 followed by the payload, stores it at
    /// bytes 60..63 and returns it. <paramref name="frame"/> starts at the header.
    /// </summary>
    internal static uint Seal(Span<byte> frame, int payloadLength)
    {
        uint crc = ComputeCrc(frame, payloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[CrcOffset..], crc);
        return crc;
    }

    /// <summary>The CRC a frame with this header and payload must carry.</summary>
    internal static uint ComputeCrc(ReadOnlySpan<byte> frame, int payloadLength) =>
        Crc32C.Append(
            Crc32C.Compute(frame[..CrcOffset]),
            frame.Slice(LogFormat.FrameHeaderSize, payloadLength));

    /// <summary>True if the first four bytes are the frame magic.</summary>
    internal static bool HasMagic(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(bytes) == LogFormat.FrameMagic;

    /// <summary>The version field (meaningful only when <see cref="HasMagic"/>).</summary>
    internal static ushort ReadVersion(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt16LittleEndian(header[VersionOffset..]);

    /// <summary>The flags field.</summary>
    internal static ushort ReadFlags(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt16LittleEndian(header[FlagsOffset..]);

    /// <summary>The reserved field (must be zero in version 1).</summary>
    internal static uint ReadReserved(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt32LittleEndian(header[ReservedOffset..]);

    /// <summary>Decodes the fields of a 64-byte header (no validation).</summary>
    internal static FrameHeader Read(ReadOnlySpan<byte> header) => Decode(header) with
    {
        FramesAhead = (byte)(ReadFlags(header) & FramesAheadMask),
    };

    private static FrameHeader Decode(ReadOnlySpan<byte> header) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(header[PayloadLengthOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(header[RecordCountOffset..]),
        BinaryPrimitives.ReadInt64LittleEndian(header[FirstSequenceOffset..]),
        BinaryPrimitives.ReadInt64LittleEndian(header[FileOffsetOffset..]),
        LogId.Read(header[LogIdOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(header[PreviousCrcOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(header[SegmentNumberOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(header[CrcOffset..]));
}
