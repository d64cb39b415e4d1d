namespace Durably.Runtime;

// Every integer type up to 64 bits, native-sized ones included: written in its smallest encoding,
// read from any width with a range check.

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

/// <summary>
/// <see cref="nint"/> as an integer in its smallest encoding, like <see cref="long"/>: the int 64
/// family holds every value of any process's width. A value written by a 64-bit process that a
/// 32-bit reader cannot hold is refused rather than truncated.
/// </summary>
internal sealed class IntPtrFormatter : IMessagePackFormatter<nint>
{
    public static readonly IntPtrFormatter Instance = new(nint.MinValue, nint.MaxValue);

    private readonly long _min;
    private readonly long _max;

    /// <summary>Creates the formatter for a process whose <see cref="nint"/> spans <paramref name="min"/>..<paramref name="max"/>.</summary>
    /// <param name="min">The smallest value this process's nint holds.</param>
    /// <param name="max">The largest value this process's nint holds.</param>
    internal IntPtrFormatter(long min, long max)
    {
        _min = min;
        _max = max;
    }

    public void Serialize(ref MessagePackWriter writer, nint value) => writer.Write((long)value);

    public nint Deserialize(ref MessagePackReader reader) => (nint)reader.ReadSignedInteger(_min, _max, "IntPtr");
}

/// <summary>
/// <see cref="nuint"/> as an unsigned integer in its smallest encoding, like <see cref="ulong"/>;
/// a 32-bit reader refuses a value above its <see cref="nuint.MaxValue"/>.
/// </summary>
internal sealed class UIntPtrFormatter : IMessagePackFormatter<nuint>
{
    public static readonly UIntPtrFormatter Instance = new(nuint.MaxValue);

    private readonly ulong _max;

    /// <summary>Creates the formatter for a process whose <see cref="nuint"/> reaches <paramref name="max"/>.</summary>
    /// <param name="max">The largest value this process's nuint holds.</param>
    internal UIntPtrFormatter(ulong max)
    {
        _max = max;
    }

    public void Serialize(ref MessagePackWriter writer, nuint value) => writer.Write((ulong)value);

    public nuint Deserialize(ref MessagePackReader reader) => (nuint)reader.ReadUnsignedInteger(_max, "UIntPtr");
}
