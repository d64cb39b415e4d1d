using System.Buffers;

namespace Durably.Runtime;

/// <summary>Serializes whole values through the formatter <see cref="MessagePackFormatters.Get{T}"/> returns.</summary>
internal static class MessagePackSerializer
{
    // Buffers larger than this are not kept between calls, so one huge snapshot does not pin memory.
    private const int MaxRetainedBufferSize = 1 << 20;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>Serializes <paramref name="value"/> into a new byte array.</summary>
    /// <typeparam name="T">The type whose formatter writes the value.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The MessagePack bytes.</returns>
    /// <exception cref="MessagePackSerializationException">No formatter for <typeparamref name="T"/>, or the value cannot be written.</exception>
    public static byte[] Serialize<T>(T value)
    {
        // Taken out of the slot while in use, so a formatter that serializes re-entrantly gets its own.
        ArrayBufferWriter<byte> buffer = t_buffer ?? new ArrayBufferWriter<byte>(256);
        t_buffer = null;
        try
        {
            Serialize(buffer, value);
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            buffer.ResetWrittenCount();
            if (buffer.Capacity <= MaxRetainedBufferSize)
            {
                t_buffer = buffer;
            }
        }
    }

    /// <summary>Serializes <paramref name="value"/> into <paramref name="output"/> and commits the bytes.</summary>
    /// <typeparam name="T">The type whose formatter writes the value.</typeparam>
    /// <param name="output">Where the bytes go.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="MessagePackSerializationException">No formatter for <typeparamref name="T"/>, or the value cannot be written; the output may then hold part of it.</exception>
    public static void Serialize<T>(IBufferWriter<byte> output, T value)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = new MessagePackWriter(output);
        IMessagePackFormatter<T> formatter = MessagePackFormatters.Get<T>();
        try
        {
            formatter.Serialize(ref writer, value);
        }
        catch (Exception ex) when (ex is not MessagePackSerializationException and not OutOfMemoryException)
        {
            throw new MessagePackSerializationException($"Serializing {TypeDisplayName.Of(typeof(T))} failed: {ex.Message}", ex);
        }

        writer.Flush();
    }

    /// <summary>Deserializes one value that must span all of <paramref name="bytes"/>.</summary>
    /// <typeparam name="T">The type whose formatter reads the value.</typeparam>
    /// <param name="bytes">The MessagePack bytes.</param>
    /// <returns>The value.</returns>
    /// <exception cref="MessagePackSerializationException">The bytes are not one valid <typeparamref name="T"/>, or bytes remain after it.</exception>
    public static T Deserialize<T>(ReadOnlyMemory<byte> bytes)
    {
        var reader = new MessagePackReader(bytes);
        return DeserializeAll<T>(ref reader);
    }

    /// <summary>Deserializes one value that must span all of <paramref name="bytes"/>.</summary>
    /// <typeparam name="T">The type whose formatter reads the value.</typeparam>
    /// <param name="bytes">The MessagePack bytes, possibly segmented.</param>
    /// <returns>The value.</returns>
    /// <exception cref="MessagePackSerializationException">The bytes are not one valid <typeparamref name="T"/>, or bytes remain after it.</exception>
    public static T Deserialize<T>(in ReadOnlySequence<byte> bytes)
    {
        var reader = new MessagePackReader(bytes);
        return DeserializeAll<T>(ref reader);
    }

    /// <summary>
    /// Deserializes the next value from <paramref name="reader"/> (which keeps its position and
    /// depth limit), wrapping any non-MessagePack exception a formatter throws.
    /// </summary>
    /// <typeparam name="T">The type whose formatter reads the value.</typeparam>
    /// <param name="reader">The reader, positioned at the value.</param>
    /// <returns>The value.</returns>
    /// <exception cref="MessagePackSerializationException">The data is not a valid <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(ref MessagePackReader reader)
    {
        IMessagePackFormatter<T> formatter = MessagePackFormatters.Get<T>();
        long start = reader.Consumed;
        try
        {
            return formatter.Deserialize(ref reader);
        }
        catch (Exception ex) when (ex is not MessagePackSerializationException and not OutOfMemoryException)
        {
            throw new MessagePackSerializationException(
                $"Deserializing {TypeDisplayName.Of(typeof(T))} (starting at offset {start}) failed at offset {reader.Consumed}: {ex.Message}", reader.Consumed, ex);
        }
    }

    private static T DeserializeAll<T>(ref MessagePackReader reader)
    {
        T value = Deserialize<T>(ref reader);
        if (!reader.End)
        {
            throw new MessagePackSerializationException(
                $"The {TypeDisplayName.Of(typeof(T))} ends at offset {reader.Consumed} but the input has more bytes; expected exactly one value.", reader.Consumed);
        }

        return value;
    }
}
