using System.Buffers.Binary;

namespace Durably.Storage.Format;

/// <summary>
/// The records of a frame's payload, one after another, each a MessagePack <c>bin</c> object:
/// <c>0xC4 len8</c>, <c>0xC5 len16</c> or <c>0xC6 len32</c> (lengths big-endian, as MessagePack
/// specifies) followed by the record's bytes. The writer uses the smallest form; the reader
/// accepts any form.
/// </summary>
internal static class RecordListCodec
{
    private const byte Bin8 = 0xC4;
    private const byte Bin16 = 0xC5;
    private const byte Bin32 = 0xC6;

    /// <summary>Bytes of the bin header for a record of this length.</summary>
    internal static int HeaderSize(int recordLength) => recordLength switch
    {
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    /// <summary>Bytes a record takes in a payload.</summary>
    internal static int EncodedSize(int recordLength) => HeaderSize(recordLength) + recordLength;

    /// <summary>Writes one record at the start of <paramref name="destination"/>; returns bytes written.</summary>
    internal static int Write(Span<byte> destination, ReadOnlySpan<byte> record)
    {
        int header;
        switch (record.Length)
        {
            case <= byte.MaxValue:
                destination[0] = Bin8;
                destination[1] = (byte)record.Length;
                header = 2;
                break;
            case <= ushort.MaxValue:
                destination[0] = Bin16;
                BinaryPrimitives.WriteUInt16BigEndian(destination[1..], (ushort)record.Length);
                header = 3;
                break;
            default:
                destination[0] = Bin32;
                BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)record.Length);
                header = 5;
                break;
        }

        record.CopyTo(destination[header..]);
        return header + record.Length;
    }

    /// <summary>
    /// Reads the record at <paramref name="position"/>: its start and length within
    /// <paramref name="payload"/>, and advances <paramref name="position"/> past it. False if the
    /// bytes there are not a complete bin object.
    /// </summary>
    internal static bool TryRead(ReadOnlySpan<byte> payload, ref int position, out int start, out int length)
    {
        start = 0;
        length = 0;
        if (position >= payload.Length)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = payload[position..];
        long recordLength;
        int header;
        switch (rest[0])
        {
            case Bin8 when rest.Length >= 2:
                recordLength = rest[1];
                header = 2;
                break;
            case Bin16 when rest.Length >= 3:
                recordLength = BinaryPrimitives.ReadUInt16BigEndian(rest[1..]);
                header = 3;
                break;
            case Bin32 when rest.Length >= 5:
                recordLength = BinaryPrimitives.ReadUInt32BigEndian(rest[1..]);
                header = 5;
                break;
            default:
                return false;
        }

        if (header + recordLength > rest.Length)
        {
            return false;
        }

        start = position + header;
        length = (int)recordLength;
        position = start + length;
        return true;
    }

    /// <summary>True if <paramref name="payload"/> is exactly <paramref name="count"/> records.</summary>
    internal static bool IsWellFormed(ReadOnlySpan<byte> payload, uint count)
    {
        int position = 0;
        for (uint i = 0; i < count; i++)
        {
            if (!TryRead(payload, ref position, out _, out _))
            {
                return false;
            }
        }

        return position == payload.Length;
    }
}
