using System.Buffers;

namespace Durably.Runtime;

/// <summary>
/// Encodes records into arrays rented from the shared pool (the log keeps the bytes until the
/// append completes, then they go back) using a per-thread scratch buffer, and decodes them back.
/// </summary>
internal static class RecordEncoder
{
    // A scratch buffer that grew past this is dropped after use instead of being kept per thread.
    private const int RetainedCapacity = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>Encodes <paramref name="value"/>; the bytes are the first <c>length</c> of the rented array.</summary>
    public static (byte[] Rented, int Length) Encode<T>(T value, IMessagePackFormatter<T> formatter)
    {
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        try
        {
            var writer = new MessagePackWriter(buffer);
            formatter.Serialize(ref writer, value);
            writer.Flush();
            byte[] rented = ArrayPool<byte>.Shared.Rent(buffer.WrittenCount);
            buffer.WrittenSpan.CopyTo(rented);
            return (rented, buffer.WrittenCount);
        }
        finally
        {
            if (buffer.Capacity > RetainedCapacity)
            {
                t_buffer = null;
            }
            else
            {
                buffer.ResetWrittenCount();
            }
        }
    }

    /// <summary>Decodes exactly one value that fills <paramref name="bytes"/>.</summary>
    public static T Decode<T>(ReadOnlyMemory<byte> bytes, IMessagePackFormatter<T> formatter)
    {
        var reader = new MessagePackReader(bytes);
        T value = formatter.Deserialize(ref reader);
        if (!reader.End)
        {
            throw new MessagePackSerializationException($"The record has {bytes.Length - reader.Consumed} byte(s) after its end.");
        }

        return value;
    }
}
