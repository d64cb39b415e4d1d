using System.Buffers.Binary;
using Durably.Hashing;
using Durably.Storage.Format;

namespace Durably.Storage.Snapshots;

/// <summary>
/// The 128-byte little-endian header at offset 0 of every snapshot file; the body follows at
/// offset 128 and the file is zero-padded to a multiple of the log's alignment:
/// <code>
///  0  u32  magic "DRSN"            40  u64  first sequence of that segment
///  4  u16  format version          48  u32  chain before that segment's first frame
///  6  u16  flags (0)               52  u32  CRC32C of the body
///  8  u64  sequence S              56  u64  body length
/// 16  16B  log id                  64  60B  reserved (0)
/// 32  u32  chain of S: the CRC    124  u32  CRC32C of bytes 0..123
///          of the frame holding S
/// 36  u32  log start segment: the segment holding that frame
/// </code>
/// </summary>
/// <param name="Sequence">The last record the snapshot covers.</param>
/// <param name="LogId">The log it belongs to.</param>
/// <param name="ChainOfSequence">The CRC of the frame that holds record <paramref name="Sequence"/>.</param>
/// <param name="StartSegment">The segment holding that frame: the first segment recovery needs with this snapshot.</param>
/// <param name="StartFirstSequence">The sequence of that segment's first record.</param>
/// <param name="StartChainBefore">The chain value that segment's first frame continues.</param>
/// <param name="BodyCrc">CRC32C of the body.</param>
/// <param name="BodyLength">Length of the body in bytes.</param>
internal readonly record struct SnapshotHeader(
    long Sequence,
    LogId LogId,
    uint ChainOfSequence,
    uint StartSegment,
    long StartFirstSequence,
    uint StartChainBefore,
    uint BodyCrc,
    long BodyLength)
{
    /// <summary>Size of the header; the body starts here.</summary>
    internal const int Size = 128;

    /// <summary>"DRSN" read as a little-endian u32.</summary>
    internal const uint Magic = 0x4E535244;

    private const int VersionOffset = 4;
    private const int FlagsOffset = 6;
    private const int SequenceOffset = 8;
    private const int LogIdOffset = 16;
    private const int ChainOffset = 32;
    private const int StartSegmentOffset = 36;
    private const int StartFirstSequenceOffset = 40;
    private const int StartChainOffset = 48;
    private const int BodyCrcOffset = 52;
    private const int BodyLengthOffset = 56;
    private const int ReservedOffset = 64;
    private const int CrcOffset = 124;

    /// <summary>The log start this snapshot needs: recovery may begin at that segment.</summary>
    internal LogStart Start => new(StartSegment, StartFirstSequence, StartChainBefore);

    /// <summary>Writes the header (with its CRC) into <paramref name="destination"/>[0..128).</summary>
    internal void WriteTo(Span<byte> destination)
    {
        Span<byte> header = destination[..Size];
        header.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[VersionOffset..], LogFormat.Version);
        BinaryPrimitives.WriteInt64LittleEndian(header[SequenceOffset..], Sequence);
        LogId.WriteTo(header[LogIdOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[ChainOffset..], ChainOfSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(header[StartSegmentOffset..], StartSegment);
        BinaryPrimitives.WriteInt64LittleEndian(header[StartFirstSequenceOffset..], StartFirstSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(header[StartChainOffset..], StartChainBefore);
        BinaryPrimitives.WriteUInt32LittleEndian(header[BodyCrcOffset..], BodyCrc);
        BinaryPrimitives.WriteInt64LittleEndian(header[BodyLengthOffset..], BodyLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[CrcOffset..], Crc32C.Compute(header[..CrcOffset]));
    }

    /// <summary>Decodes a header; null when magic, version, flags, reserved bytes, CRC or the field ranges do not hold.</summary>
    internal static SnapshotHeader? TryRead(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size
            || BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic
            || BinaryPrimitives.ReadUInt16LittleEndian(source[VersionOffset..]) != LogFormat.Version
            || BinaryPrimitives.ReadUInt16LittleEndian(source[FlagsOffset..]) != 0
            || source[ReservedOffset..CrcOffset].ContainsAnyExcept((byte)0)
            || BinaryPrimitives.ReadUInt32LittleEndian(source[CrcOffset..]) != Crc32C.Compute(source[..CrcOffset]))
        {
            return null;
        }

        var header = new SnapshotHeader(
            BinaryPrimitives.ReadInt64LittleEndian(source[SequenceOffset..]),
            LogId.Read(source[LogIdOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[ChainOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[StartSegmentOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[StartFirstSequenceOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[StartChainOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[BodyCrcOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[BodyLengthOffset..]));
        bool plausible = header.Sequence > 0
            && header.StartSegment > 0
            && header.StartFirstSequence > 0
            && header.StartFirstSequence <= header.Sequence
            && header.BodyLength >= 0
            && header.BodyLength <= int.MaxValue - Size - LogFormat.MaximumAlignment;
        return plausible ? header : null;
    }
}
