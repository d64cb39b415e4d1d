namespace Durably.Runtime;

// Dictionaries as MessagePack maps.

/// <summary><see cref="Dictionary{TKey, TValue}"/>, enumerated without boxing (the common case in state and records).</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
internal sealed class DictionaryFormatter<TKey, TValue>(IMessagePackFormatter<TKey> keyFormatter, IMessagePackFormatter<TValue> valueFormatter) : IMessagePackFormatter<Dictionary<TKey, TValue>?>
    where TKey : notnull
{
    private readonly IMessagePackFormatter<TKey> _key = keyFormatter;
    private readonly IMessagePackFormatter<TValue> _value = valueFormatter;

    public void Serialize(ref MessagePackWriter writer, Dictionary<TKey, TValue>? value)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        writer.WriteMapHeader(value.Count);
        writer.DepthStep();
        IMessagePackFormatter<TKey> keyFormatter = _key;
        IMessagePackFormatter<TValue> valueFormatter = _value;
        foreach (KeyValuePair<TKey, TValue> entry in value)
        {
            keyFormatter.Serialize(ref writer, entry.Key);
            valueFormatter.Serialize(ref writer, entry.Value);
        }

        writer.Depth--;
    }

    public Dictionary<TKey, TValue>? Deserialize(ref MessagePackReader reader)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        int count = reader.ReadMapHeader();
        reader.DepthStep();
        var dictionary = new Dictionary<TKey, TValue>(count);
        IMessagePackFormatter<TKey> keyFormatter = _key;
        IMessagePackFormatter<TValue> valueFormatter = _value;
        for (int i = 0; i < count; i++)
        {
            long keyOffset = reader.Consumed;
            TKey key = keyFormatter.Deserialize(ref reader);
            TValue value = valueFormatter.Deserialize(ref reader);
            if (key is null)
            {
                throw MapKeys.NilKey(keyOffset);
            }

            if (!dictionary.TryAdd(key, value))
            {
                throw MapKeys.RepeatedKey(key, keyOffset);
            }
        }

        reader.Depth--;
        return dictionary;
    }
}

/// <summary>
/// <see cref="IDictionary{TKey, TValue}"/> and <see cref="IReadOnlyDictionary{TKey, TValue}"/>,
/// read back as a <see cref="Dictionary{TKey, TValue}"/>.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <typeparam name="TInterface">The interface handled.</typeparam>
internal sealed class DictionaryInterfaceFormatter<TKey, TValue, TInterface>(IMessagePackFormatter<TKey> keyFormatter, IMessagePackFormatter<TValue> valueFormatter) : MapFormatter<TKey, TValue, TInterface, Dictionary<TKey, TValue>>(keyFormatter, valueFormatter)
    where TKey : notnull
    where TInterface : class, IEnumerable<KeyValuePair<TKey, TValue>>
{
    protected override Dictionary<TKey, TValue> CreateBuilder(int count) => new(count);

    protected override TInterface Complete(Dictionary<TKey, TValue> builder) => (TInterface)(object)builder;
}

/// <summary><see cref="SortedDictionary{TKey, TValue}"/> with the default comparer.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
internal sealed class SortedDictionaryFormatter<TKey, TValue>(IMessagePackFormatter<TKey> keyFormatter, IMessagePackFormatter<TValue> valueFormatter) : MapFormatter<TKey, TValue, SortedDictionary<TKey, TValue>, SortedDictionary<TKey, TValue>>(keyFormatter, valueFormatter)
    where TKey : notnull
{
    protected override SortedDictionary<TKey, TValue> CreateBuilder(int count) => [];

    protected override SortedDictionary<TKey, TValue> Complete(SortedDictionary<TKey, TValue> builder) => builder;
}
