namespace Durably.Runtime;

/// <summary>
/// The shape shared by dictionaries written as a MessagePack map: nil for null, else the entry
/// count and each key then value. Reading rejects nil keys and duplicate keys (a map with a
/// repeated key has no single meaning), naming the offset of the offending key.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <typeparam name="TMap">The dictionary type handled (possibly an interface).</typeparam>
/// <typeparam name="TBuilder">What entries are collected into while reading.</typeparam>
internal abstract class MapFormatter<TKey, TValue, TMap, TBuilder>(IMessagePackFormatter<TKey> keyFormatter, IMessagePackFormatter<TValue> valueFormatter) : IMessagePackFormatter<TMap?>
    where TMap : class, IEnumerable<KeyValuePair<TKey, TValue>>
    where TBuilder : IDictionary<TKey, TValue>
{
    private readonly IMessagePackFormatter<TKey> _key = keyFormatter;
    private readonly IMessagePackFormatter<TValue> _value = valueFormatter;

    public void Serialize(ref MessagePackWriter writer, TMap? value)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        int count = value switch
        {
            ICollection<KeyValuePair<TKey, TValue>> collection => collection.Count,
            IReadOnlyCollection<KeyValuePair<TKey, TValue>> readOnly => readOnly.Count,
            _ => value.Count(),
        };
        writer.WriteMapHeader(count);
        writer.DepthStep();
        IMessagePackFormatter<TKey> keyFormatter = _key;
        IMessagePackFormatter<TValue> valueFormatter = _value;
        int written = 0;
        foreach (KeyValuePair<TKey, TValue> entry in value)
        {
            keyFormatter.Serialize(ref writer, entry.Key);
            valueFormatter.Serialize(ref writer, entry.Value);
            written++;
        }

        if (written != count)
        {
            throw new MessagePackSerializationException(
                $"The {TypeDisplayName.Of(value.GetType())} reported {count} entries but enumerated {written}; it changed while being serialized.");
        }

        writer.Depth--;
    }

    public TMap? Deserialize(ref MessagePackReader reader)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        int count = reader.ReadMapHeader();
        reader.DepthStep();
        TBuilder builder = CreateBuilder(count);
        IMessagePackFormatter<TKey> keyFormatter = _key;
        IMessagePackFormatter<TValue> valueFormatter = _value;
        for (int i = 0; i < count; i++)
        {
            long keyOffset = reader.Consumed;
            TKey key = keyFormatter.Deserialize(ref reader);
            TValue value = valueFormatter.Deserialize(ref reader);
            MapKeys.Add(builder, key, value, keyOffset);
        }

        reader.Depth--;
        return Complete(builder);
    }

    /// <summary>Creates the builder for <paramref name="count"/> entries (already bounded by the input size).</summary>
    protected abstract TBuilder CreateBuilder(int count);

    /// <summary>Turns the filled builder into the result.</summary>
    protected abstract TMap Complete(TBuilder builder);
}
