namespace Durably.Serialization.Formatters;

// Every integer type: written in its smallest encoding, read from any width with a range check.

internal sealed class ByteFormatter : IMessagePackFormatter<byte>
{
    public static readonly ByteFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, byte value) => writer.Write(value);

    public byte Deserialize(ref MessagePackReader reader) => reader.ReadByte();
}

internal sealed class SByteFormatter : IMessagePackFormatter<sbyte>
{
    public static readonly SByteFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, sbyte value) => writer.Write(value);

    public sbyte Deserialize(ref MessagePackReader reader) => reader.ReadSByte();
}

internal sealed class Int16Formatter : IMessagePackFormatter<short>
{
    public static readonly Int16Formatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, short value) => writer.Write(value);

    public short Deserialize(ref MessagePackReader reader) => reader.ReadInt16();
}

internal sealed class UInt16Formatter : IMessagePackFormatter<ushort>
{
    public static readonly UInt16Formatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, ushort value) => writer.Write(value);

    public ushort Deserialize(ref MessagePackReader reader) => reader.ReadUInt16();
}

internal sealed class Int32Formatter : IMessagePackFormatter<int>
{
    public static readonly Int32Formatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, int value) => writer.Write(value);

    public int Deserialize(ref MessagePackReader reader) => reader.ReadInt32();
}

internal sealed class UInt32Formatter : IMessagePackFormatter<uint>
{
    public static readonly UInt32Formatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, uint value) => writer.Write(value);

    public uint Deserialize(ref MessagePackReader reader) => reader.ReadUInt32();
}

internal sealed class Int64Formatter : IMessagePackFormatter<long>
{
    public static readonly Int64Formatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, long value) => writer.Write(value);

    public long Deserialize(ref MessagePackReader reader) => reader.ReadInt64();
}

internal sealed class UInt64Formatter : IMessagePackFormatter<ulong>
{
    public static readonly UInt64Formatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, ulong value) => writer.Write(value);

    public ulong Deserialize(ref MessagePackReader reader) => reader.ReadUInt64();
}
