using System.Buffers.Binary;
using Durably.Hashing;

namespace Durably.Storage.Format;

/// <summary>
/// The durable record of where the log ended when it was closed cleanly (<c>durably.end</c> in
/// every copy's directory, docs/format.md "Clean-close record"). A log closed cleanly has an
/// intact tail, so recovery that finds less than this record names refuses instead of cutting.
/// Deleted when the log is opened again, before any append is accepted.
/// </summary>
/// <param name="LogId">The log's id.</param>
/// <param name="LastSequence">The last sequence number in the log at the close.</param>
/// <param name="LastCrc">The CRC of the log's last frame (0 for an empty log).</param>
/// <param name="EndSegment">The segment the next frame would have gone to.</param>
/// <param name="EndOffset">The offset in it where the next frame would have gone.</param>
internal readonly record struct CleanCloseRecord(LogId LogId, long LastSequence, uint LastCrc, uint EndSegment, long EndOffset)
{
    /// <summary>The record's file name in each copy's directory.</summary>
    internal const string FileName = "durably.end";

    /// <summary>The record's size in bytes.</summary>
    internal const int Size = 64;

    private const uint Magic = 0x45425244; // "DRBE"
    private const int VersionOffset = 4;
    private const int LogIdOffset = 8;
    private const int LastSequenceOffset = 24;
    private const int LastCrcOffset = 32;
    private const int EndSegmentOffset = 36;
    private const int EndOffsetOffset = 40;
    private const int ReservedOffset = 48;
    private const int CrcOffset = 60;

    internal void WriteTo(Span<byte> destination)
    {
        Span<byte> bytes = destination[..Size];
        bytes.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[VersionOffset..], LogFormat.Version);
        LogId.WriteTo(bytes[LogIdOffset..]);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[LastSequenceOffset..], LastSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[LastCrcOffset..], LastCrc);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[EndSegmentOffset..], EndSegment);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[EndOffsetOffset..], EndOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[CrcOffset..], Crc32C.Compute(bytes[..CrcOffset]));
    }

    /// <summary>The record, or null when the bytes are not an intact one (length, magic, version, reserved, CRC).</summary>
    internal static CleanCloseRecord? TryRead(ReadOnlySpan<byte> source)
    {
        if (source.Length != Size
            || BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic
            || BinaryPrimitives.ReadUInt16LittleEndian(source[VersionOffset..]) != LogFormat.Version
            || source[(VersionOffset + 2)..LogIdOffset].ContainsAnyExcept((byte)0)
            || source[ReservedOffset..CrcOffset].ContainsAnyExcept((byte)0)
            || BinaryPrimitives.ReadUInt32LittleEndian(source[CrcOffset..]) != Crc32C.Compute(source[..CrcOffset]))
        {
            return null;
        }

        return new CleanCloseRecord(
            LogId.Read(source[LogIdOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[LastSequenceOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[LastCrcOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[EndSegmentOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[EndOffsetOffset..]));
    }
}
