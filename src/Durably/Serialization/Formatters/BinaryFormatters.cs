using System.Buffers;

namespace Durably.Runtime;

// Byte buffers as bin (null arrays as nil).

internal sealed class ByteArrayFormatter : IMessagePackFormatter<byte[]?>
{
    public static readonly ByteArrayFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, byte[]? value) => writer.Write(value);

    public byte[]? Deserialize(ref MessagePackReader reader) => reader.ReadBytes()?.ToArray();
}

internal sealed class ReadOnlyMemoryOfByteFormatter : IMessagePackFormatter<ReadOnlyMemory<byte>>
{
    public static readonly ReadOnlyMemoryOfByteFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, ReadOnlyMemory<byte> value) => writer.Write(value.Span);

    // A copy: the input buffer is usually reused after deserialization.
    public ReadOnlyMemory<byte> Deserialize(ref MessagePackReader reader) => reader.ReadBytes()?.ToArray() ?? default(ReadOnlyMemory<byte>);
}

internal sealed class MemoryOfByteFormatter : IMessagePackFormatter<Memory<byte>>
{
    public static readonly MemoryOfByteFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, Memory<byte> value) => writer.Write(value.Span);

    public Memory<byte> Deserialize(ref MessagePackReader reader) => reader.ReadBytes()?.ToArray() ?? default(Memory<byte>);
}
