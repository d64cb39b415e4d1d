namespace Durably.Runtime;

/// <summary><see cref="KeyValuePair{TKey, TValue}"/> as the array [key, value].</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
internal sealed class KeyValuePairFormatter<TKey, TValue>(IMessagePackFormatter<TKey> keyFormatter, IMessagePackFormatter<TValue> valueFormatter) : IMessagePackFormatter<KeyValuePair<TKey, TValue>>
{
    private readonly IMessagePackFormatter<TKey> _key = keyFormatter;
    private readonly IMessagePackFormatter<TValue> _value = valueFormatter;

    public void Serialize(ref MessagePackWriter writer, KeyValuePair<TKey, TValue> value)
    {
        writer.WriteArrayHeader(2);
        writer.DepthStep();
        _key.Serialize(ref writer, value.Key);
        _value.Serialize(ref writer, value.Value);
        writer.Depth--;
    }

    public KeyValuePair<TKey, TValue> Deserialize(ref MessagePackReader reader)
    {
        long start = reader.Consumed;
        int count = reader.ReadArrayHeader();
        if (count != 2)
        {
            throw new MessagePackSerializationException($"The KeyValuePair at offset {start} is an array of {count}; expected [key, value].", start);
        }

        reader.DepthStep();
        TKey key = _key.Deserialize(ref reader);
        TValue value = _value.Deserialize(ref reader);
        reader.Depth--;
        return new KeyValuePair<TKey, TValue>(key, value);
    }
}
