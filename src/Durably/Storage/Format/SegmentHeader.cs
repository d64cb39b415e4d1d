using System.Buffers.Binary;
using Durably.Hashing;

namespace Durably.Storage.Format;

/// <summary>
/// The 64-byte little-endian header at offset 0 of every segment file; the rest of the first
/// aligned block is zero and frames start at offset <c>Alignment</c>:
/// <code>
///  0  u32  magic "DRBS"      16  u64  segment size (file length)
///  4  u16  format version    24  16B  log id
///  6  u16  copy (0 primary,  40  20B  reserved (0)
///          1 secondary)      60  u32  CRC32C of bytes 0..59
///  8  u32  segment number
/// 12  u32  alignment
/// </code>
/// </summary>
internal readonly record struct SegmentHeader(ushort Copy, uint SegmentNumber, int Alignment, long SegmentSize, LogId LogId)
{
    private const int VersionOffset = 4;
    private const int CopyOffset = 6;
    private const int SegmentNumberOffset = 8;
    private const int AlignmentOffset = 12;
    private const int SegmentSizeOffset = 16;
    private const int LogIdOffset = 24;
    private const int ReservedOffset = 40;
    private const int CrcOffset = 60;

    /// <summary>The offset of the first frame: the segment header occupies the first aligned block.</summary>
    internal long FirstFrameOffset => Alignment;

    /// <summary>Writes the header (with its CRC) into <paramref name="destination"/>[0..64).</summary>
    internal void WriteTo(Span<byte> destination)
    {
        Span<byte> header = destination[..LogFormat.SegmentHeaderSize];
        header.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(header, LogFormat.SegmentMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[VersionOffset..], LogFormat.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[CopyOffset..], Copy);
        BinaryPrimitives.WriteUInt32LittleEndian(header[SegmentNumberOffset..], SegmentNumber);
        BinaryPrimitives.WriteInt32LittleEndian(header[AlignmentOffset..], Alignment);
        BinaryPrimitives.WriteInt64LittleEndian(header[SegmentSizeOffset..], SegmentSize);
        LogId.WriteTo(header[LogIdOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[CrcOffset..], Crc32C.Compute(header[..CrcOffset]));
    }

    /// <summary>
    /// Decodes a header; null when the magic, version, reserved bytes or CRC do not hold (the
    /// fields' plausibility against the file is the caller's to check).
    /// </summary>
    internal static SegmentHeader? TryRead(ReadOnlySpan<byte> source)
    {
        if (source.Length < LogFormat.SegmentHeaderSize
            || BinaryPrimitives.ReadUInt32LittleEndian(source) != LogFormat.SegmentMagic
            || BinaryPrimitives.ReadUInt16LittleEndian(source[VersionOffset..]) != LogFormat.Version
            || source[ReservedOffset..CrcOffset].ContainsAnyExcept((byte)0)
            || BinaryPrimitives.ReadUInt32LittleEndian(source[CrcOffset..]) != Crc32C.Compute(source[..CrcOffset]))
        {
            return null;
        }

        return new SegmentHeader(
            BinaryPrimitives.ReadUInt16LittleEndian(source[CopyOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[SegmentNumberOffset..]),
            BinaryPrimitives.ReadInt32LittleEndian(source[AlignmentOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[SegmentSizeOffset..]),
            LogId.Read(source[LogIdOffset..]));
    }
}
