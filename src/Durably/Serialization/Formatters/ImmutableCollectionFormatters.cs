using System.Collections.Immutable;

namespace Durably.Runtime;

// System.Collections.Immutable types, as arrays and maps like their mutable counterparts.

/// <summary><see cref="ImmutableArray{T}"/>: a default (uninitialized) array is nil, and nil reads back as default.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class ImmutableArrayFormatter<T>(IMessagePackFormatter<T> elementFormatter) : IMessagePackFormatter<ImmutableArray<T>>
{
    private readonly IMessagePackFormatter<T> _element = elementFormatter;

    public void Serialize(ref MessagePackWriter writer, ImmutableArray<T> value)
    {
        if (value.IsDefault)
        {
            writer.WriteNil();
            return;
        }

        writer.WriteArrayHeader(value.Length);
        writer.DepthStep();
        IMessagePackFormatter<T> element = _element;
        foreach (T item in value.AsSpan())
        {
            element.Serialize(ref writer, item);
        }

        writer.Depth--;
    }

    public ImmutableArray<T> Deserialize(ref MessagePackReader reader)
    {
        if (reader.TryReadNil())
        {
            return default;
        }

        int count = reader.ReadArrayHeader();
        reader.DepthStep();
        ImmutableArray<T>.Builder builder = ImmutableArray.CreateBuilder<T>(count);
        IMessagePackFormatter<T> element = _element;
        for (int i = 0; i < count; i++)
        {
            builder.Add(element.Deserialize(ref reader));
        }

        reader.Depth--;
        return builder.MoveToImmutable();
    }
}

/// <summary><see cref="ImmutableList{T}"/> and <see cref="IImmutableList{T}"/>.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TList">The list type handled.</typeparam>
internal sealed class ImmutableListFormatter<T, TList>(IMessagePackFormatter<T> elementFormatter) : SequenceFormatter<T, TList, ImmutableList<T>.Builder>(elementFormatter)
    where TList : class, IEnumerable<T>
{
    protected override ImmutableList<T>.Builder CreateBuilder(int count) => ImmutableList.CreateBuilder<T>();

    protected override TList Complete(ImmutableList<T>.Builder builder) => (TList)(object)builder.ToImmutable();
}

/// <summary><see cref="ImmutableHashSet{T}"/> and <see cref="IImmutableSet{T}"/>, with the default comparer.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TSet">The set type handled.</typeparam>
internal sealed class ImmutableHashSetFormatter<T, TSet>(IMessagePackFormatter<T> elementFormatter) : SequenceFormatter<T, TSet, ImmutableHashSet<T>.Builder>(elementFormatter)
    where TSet : class, IEnumerable<T>
{
    protected override ImmutableHashSet<T>.Builder CreateBuilder(int count) => ImmutableHashSet.CreateBuilder<T>();

    protected override TSet Complete(ImmutableHashSet<T>.Builder builder) => (TSet)(object)builder.ToImmutable();
}

/// <summary><see cref="ImmutableSortedSet{T}"/> with the default comparer.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class ImmutableSortedSetFormatter<T>(IMessagePackFormatter<T> elementFormatter) : SequenceFormatter<T, ImmutableSortedSet<T>, ImmutableSortedSet<T>.Builder>(elementFormatter)
{
    protected override ImmutableSortedSet<T>.Builder CreateBuilder(int count) => ImmutableSortedSet.CreateBuilder<T>();

    protected override ImmutableSortedSet<T> Complete(ImmutableSortedSet<T>.Builder builder) => builder.ToImmutable();
}

/// <summary><see cref="ImmutableDictionary{TKey, TValue}"/> and <see cref="IImmutableDictionary{TKey, TValue}"/>, with the default comparer.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <typeparam name="TMap">The dictionary type handled.</typeparam>
internal sealed class ImmutableDictionaryFormatter<TKey, TValue, TMap>(IMessagePackFormatter<TKey> keyFormatter, IMessagePackFormatter<TValue> valueFormatter) : MapFormatter<TKey, TValue, TMap, ImmutableDictionary<TKey, TValue>.Builder>(keyFormatter, valueFormatter)
    where TKey : notnull
    where TMap : class, IEnumerable<KeyValuePair<TKey, TValue>>
{
    protected override ImmutableDictionary<TKey, TValue>.Builder CreateBuilder(int count) => ImmutableDictionary.CreateBuilder<TKey, TValue>();

    protected override TMap Complete(ImmutableDictionary<TKey, TValue>.Builder builder) => (TMap)(object)builder.ToImmutable();
}

/// <summary><see cref="ImmutableSortedDictionary{TKey, TValue}"/> with the default comparer.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
internal sealed class ImmutableSortedDictionaryFormatter<TKey, TValue>(IMessagePackFormatter<TKey> keyFormatter, IMessagePackFormatter<TValue> valueFormatter)
    : MapFormatter<TKey, TValue, ImmutableSortedDictionary<TKey, TValue>, ImmutableSortedDictionary<TKey, TValue>.Builder>(keyFormatter, valueFormatter)
    where TKey : notnull
{
    protected override ImmutableSortedDictionary<TKey, TValue>.Builder CreateBuilder(int count) => ImmutableSortedDictionary.CreateBuilder<TKey, TValue>();

    protected override ImmutableSortedDictionary<TKey, TValue> Complete(ImmutableSortedDictionary<TKey, TValue>.Builder builder) => builder.ToImmutable();
}

/// <summary>
/// <see cref="ImmutableQueue{T}"/> and <see cref="IImmutableQueue{T}"/>: an array in dequeue order,
/// front first (MessagePack-CSharp's convention), enqueued in that order when read.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TQueue">The queue type handled.</typeparam>
internal sealed class ImmutableQueueFormatter<T, TQueue>(IMessagePackFormatter<T> elementFormatter) : SequenceFormatter<T, TQueue, List<T>>(elementFormatter)
    where TQueue : class, IEnumerable<T>
{
    protected override List<T> CreateBuilder(int count) => new(count);

    protected override TQueue Complete(List<T> builder) => (TQueue)(object)ImmutableQueue.CreateRange(builder);
}

/// <summary>
/// <see cref="ImmutableStack{T}"/> and <see cref="IImmutableStack{T}"/>: an array in pop order, top
/// first (MessagePack-CSharp's convention). Reading pushes the elements last to first, so the first
/// element read is on top again and <see cref="ImmutableStack{T}.Peek"/> returns what it did.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TStack">The stack type handled.</typeparam>
internal sealed class ImmutableStackFormatter<T, TStack>(IMessagePackFormatter<T> elementFormatter) : SequenceFormatter<T, TStack, List<T>>(elementFormatter)
    where TStack : class, IEnumerable<T>
{
    protected override List<T> CreateBuilder(int count) => new(count);

    protected override TStack Complete(List<T> builder)
    {
        ImmutableStack<T> stack = ImmutableStack<T>.Empty;
        for (int i = builder.Count - 1; i >= 0; i--)
        {
            stack = stack.Push(builder[i]);
        }

        return (TStack)(object)stack;
    }
}

