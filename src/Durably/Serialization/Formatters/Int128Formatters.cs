using System.Buffers;
using System.Buffers.Binary;

namespace Durably.Runtime;

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

    public void Serialize(ref MessagePackWriter writer, Int128 value) => Int128Bin.Write(ref writer, unchecked((UInt128)value));

    public Int128 Deserialize(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType == MessagePackType.Integer)
        {
            return reader.NextCode == MessagePackCode.UInt64 ? reader.ReadUInt64() : reader.ReadInt64();
        }

        return unchecked((Int128)Int128Bin.Read(ref reader, "Int128"));
    }
}

/// <summary>
/// <see cref="UInt128"/> as a 16-byte little-endian bin (MessagePack-CSharp's convention); reads that
/// or any non-negative MessagePack integer.
/// </summary>
internal sealed class UInt128Formatter : IMessagePackFormatter<UInt128>
{
    public static readonly UInt128Formatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, UInt128 value) => Int128Bin.Write(ref writer, value);

    public UInt128 Deserialize(ref MessagePackReader reader) =>
        reader.NextMessagePackType == MessagePackType.Integer
            ? reader.ReadUnsignedInteger(ulong.MaxValue, "UInt128")
            : Int128Bin.Read(ref reader, "UInt128");
}

/// <summary>The bin 8 that carries the 128 bits of either integer: written whole, read back strictly.</summary>
internal static class Int128Bin
{
    private const int HeaderLength = 2;
    private const int PayloadLength = 16;

    /// <summary>Writes <paramref name="bits"/> as a bin 8 of 16 little-endian bytes.</summary>
    public static void Write(ref MessagePackWriter writer, UInt128 bits)
    {
        Span<byte> span = writer.GetSpan(HeaderLength + PayloadLength);
        span[0] = MessagePackCode.Bin8;
        span[1] = PayloadLength;
        BinaryPrimitives.WriteUInt128LittleEndian(span.Slice(HeaderLength), bits);
        writer.Advance(HeaderLength + PayloadLength);
    }

    /// <summary>Reads a bin of exactly 16 bytes as little-endian bits; anything else is refused, naming <paramref name="target"/>.</summary>
    public static UInt128 Read(ref MessagePackReader reader, string target)
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

        Span<byte> bytes = stackalloc byte[PayloadLength];
        payload.CopyTo(bytes);
        return BinaryPrimitives.ReadUInt128LittleEndian(bytes);
    }
}
