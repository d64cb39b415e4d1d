namespace Durably.Runtime;

/// <summary>Decodes a record from the bytes that were logged for it (records are encoded into their pending operation's own buffer).</summary>
internal static class RecordDecoder
{
    /// <summary>Decodes exactly one value that fills <paramref name="bytes"/>.</summary>
    public static T Decode<T>(ReadOnlyMemory<byte> bytes, IMessagePackFormatter<T> formatter)
    {
        var reader = new MessagePackReader(bytes);
        T value = formatter.Deserialize(ref reader);
        ThrowIfNotAtEnd(ref reader, bytes.Length);
        return value;
    }

    /// <summary>A record is exactly one value: bytes left after it mean the record is not what was written.</summary>
    public static void ThrowIfNotAtEnd(ref MessagePackReader reader, int recordLength)
    {
        if (!reader.End)
        {
            throw new MessagePackSerializationException($"The record has {recordLength - reader.Consumed} byte(s) after its end.");
        }
    }
}
