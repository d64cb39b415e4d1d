namespace Durably.Runtime;

/// <summary>Decodes a record from the bytes that were logged for it (records are encoded into their pending operation's own buffer).</summary>
internal static class RecordDecoder
{
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
