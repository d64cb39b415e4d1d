namespace Durably.Runtime;

/// <summary>Adds decoded map entries, turning a nil or repeated key into a serialization error.</summary>
internal static class MapKeys
{
    private const int MaxKeyTextInMessage = 64;

    public static void Add<TKey, TValue, TDictionary>(TDictionary dictionary, TKey key, TValue value, long keyOffset)
        where TDictionary : IDictionary<TKey, TValue>
    {
        if (key is null)
        {
            throw NilKey(keyOffset);
        }

        if (!dictionary.TryAdd(key, value))
        {
            throw RepeatedKey(key, keyOffset);
        }
    }

    public static MessagePackSerializationException NilKey(long keyOffset) =>
        new($"The map key at offset {keyOffset} is nil; dictionary keys cannot be null.", keyOffset);

    public static MessagePackSerializationException RepeatedKey(object key, long keyOffset)
    {
        string text = key.ToString() ?? string.Empty;
        if (text.Length > MaxKeyTextInMessage)
        {
            text = string.Concat(text.AsSpan(0, MaxKeyTextInMessage), "…");
        }

        return new($"The map key at offset {keyOffset} repeats an earlier key ({text}); a map must not hold a key twice.", keyOffset);
    }
}
