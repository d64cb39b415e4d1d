using System.Buffers;
using System.Buffers.Binary;

namespace Durably.Serialization.Formatters;

// The 128-bit integers. MessagePack has no 128-bit integer format, so these follow
// MessagePack-CSharp: a bin 8 of 16 bytes holding the value's two's complement, little-endian
// (C4 10 then the bytes), whatever the value. Reading also accepts a plain MessagePack integer,
// which is how writers that fall back to the integer family when a value fits record it.

/// <summary>
/// <see cref="Int128"/> as a 16-byte little-endian bin (MessagePack-CSharp's convention); reads that
/// or any MessagePack integer.
/// </summary>
internal sealed class Int128Formatter : IMessagePackFormatter<Int128>
{
    public static readonly Int128Formatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, Int128 value)
    {
        Span<byte> span = writer.GetSpan(Int128Bin.EncodedLength);
        Int128Bin.WriteHeader(span);
        BinaryPrimitives.WriteInt128LittleEndian(span.Slice(Int128Bin.HeaderLength), value);
        writer.Advance(Int128Bin.EncodedLength);
    }

    public Int128 Deserialize(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType == MessagePackType.Integer)
        {
            return reader.NextCode == MessagePackCode.UInt64 ? reader.ReadUInt64() : reader.ReadInt64();
        }

        Span<byte> payload = stackalloc byte[Int128Bin.PayloadLength];
        Int128Bin.ReadPayload(ref reader, payload, "Int128");
        return BinaryPrimitives.ReadInt128LittleEndian(payload);
    }
}

/// <summary>
/// <see cref="UInt128"/> as a 16-byte little-endian bin (MessagePack-CSharp's convention); reads that
/// or any non-negative MessagePack integer.
/// </summary>
internal sealed class UInt128Formatter : IMessagePackFormatter<UInt128>
{
    public static readonly UInt128Formatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, UInt128 value)
    {
        Span<byte> span = writer.GetSpan(Int128Bin.EncodedLength);
        Int128Bin.WriteHeader(span);
        BinaryPrimitives.WriteUInt128LittleEndian(span.Slice(Int128Bin.HeaderLength), value);
        writer.Advance(Int128Bin.EncodedLength);
    }

    public UInt128 Deserialize(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType == MessagePackType.Integer)
        {
            return reader.ReadUnsignedInteger(ulong.MaxValue, "UInt128");
        }

        Span<byte> payload = stackalloc byte[Int128Bin.PayloadLength];
        Int128Bin.ReadPayload(ref reader, payload, "UInt128");
        return BinaryPrimitives.ReadUInt128LittleEndian(payload);
    }
}

/// <summary>The bin 8 that carries a 128-bit integer: its header, and reading its payload back strictly.</summary>
internal static class Int128Bin
{
    public const int HeaderLength = 2;

    public const int PayloadLength = 16;

    public const int EncodedLength = HeaderLength + PayloadLength;

    /// <summary>Writes the bin 8 header for a 16-byte payload at the start of <paramref name="span"/>.</summary>
    public static void WriteHeader(Span<byte> span)
    {
        span[0] = MessagePackCode.Bin8;
        span[1] = PayloadLength;
    }

    /// <summary>Reads a bin of exactly 16 bytes into <paramref name="destination"/>; anything else is refused, naming <paramref name="target"/>.</summary>
    public static void ReadPayload(ref MessagePackReader reader, scoped Span<byte> destination, string target)
    {
        long start = reader.Consumed;
        if (reader.NextMessagePackType != MessagePackType.Binary)
        {
            throw new MessagePackSerializationException(
                $"Expected a 16-byte bin or an integer ({target}) at offset {start} but found {MessagePackCode.ToFormatName(reader.NextCode)}.", start);
        }

        ReadOnlySequence<byte> payload = reader.ReadBytes()!.Value;
        if (payload.Length != PayloadLength)
        {
            throw new MessagePackSerializationException(
                $"The bin at offset {start} is {payload.Length} bytes long; {target} is {PayloadLength} (little-endian two's complement).", start);
        }

        payload.CopyTo(destination);
    }
}
