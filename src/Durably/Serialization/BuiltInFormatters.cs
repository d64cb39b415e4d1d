using System.Collections.Immutable;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;

namespace Durably.Runtime;

/// <summary>
/// The codec's built-in formatters, composed statically: generated code builds the formatter of a
/// closed type once, for example <c>BuiltInFormatters.Dictionary(BuiltInFormatters.String, BuiltInFormatters.Decimal)</c>,
/// and keeps it in a static field. Nothing is looked up or created by reflection at run time, so the
/// same code works under native AOT and trimming.
/// </summary>
/// <remarks>
/// Each member is named after the .NET type it formats (its simple name, without the generic arity),
/// which is how the Durably generator finds it; a test keeps the generator's catalogue and this class
/// in step. Generic members take the formatters of the type arguments, in order.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Each member is named after the type it formats; that is how the generator finds it.")]
public static class BuiltInFormatters
{
    /// <summary>The formatter of <c>bool</c>.</summary>
    public static IMessagePackFormatter<bool> Boolean => BooleanFormatter.Instance;

    /// <summary>The formatter of <c>byte</c>.</summary>
    public static IMessagePackFormatter<byte> Byte => ByteFormatter.Instance;

    /// <summary>The formatter of <c>sbyte</c>.</summary>
    public static IMessagePackFormatter<sbyte> SByte => SByteFormatter.Instance;

    /// <summary>The formatter of <c>short</c>.</summary>
    public static IMessagePackFormatter<short> Int16 => Int16Formatter.Instance;

    /// <summary>The formatter of <c>ushort</c>.</summary>
    public static IMessagePackFormatter<ushort> UInt16 => UInt16Formatter.Instance;

    /// <summary>The formatter of <c>int</c>.</summary>
    public static IMessagePackFormatter<int> Int32 => Int32Formatter.Instance;

    /// <summary>The formatter of <c>uint</c>.</summary>
    public static IMessagePackFormatter<uint> UInt32 => UInt32Formatter.Instance;

    /// <summary>The formatter of <c>long</c>.</summary>
    public static IMessagePackFormatter<long> Int64 => Int64Formatter.Instance;

    /// <summary>The formatter of <c>ulong</c>.</summary>
    public static IMessagePackFormatter<ulong> UInt64 => UInt64Formatter.Instance;

    /// <summary>The formatter of <c>Int128</c>.</summary>
    public static IMessagePackFormatter<Int128> Int128 => Int128Formatter.Instance;

    /// <summary>The formatter of <c>UInt128</c>.</summary>
    public static IMessagePackFormatter<UInt128> UInt128 => UInt128Formatter.Instance;

    /// <summary>The formatter of <c>nint</c>.</summary>
    public static IMessagePackFormatter<nint> IntPtr => IntPtrFormatter.Instance;

    /// <summary>The formatter of <c>nuint</c>.</summary>
    public static IMessagePackFormatter<nuint> UIntPtr => UIntPtrFormatter.Instance;

    /// <summary>The formatter of <c>Half</c>.</summary>
    public static IMessagePackFormatter<Half> Half => HalfFormatter.Instance;

    /// <summary>The formatter of <c>float</c>.</summary>
    public static IMessagePackFormatter<float> Single => SingleFormatter.Instance;

    /// <summary>The formatter of <c>double</c>.</summary>
    public static IMessagePackFormatter<double> Double => DoubleFormatter.Instance;

    /// <summary>The formatter of <c>char</c>.</summary>
    public static IMessagePackFormatter<char> Char => CharFormatter.Instance;

    /// <summary>The formatter of <c>decimal</c>.</summary>
    public static IMessagePackFormatter<decimal> Decimal => DecimalFormatter.Instance;

    /// <summary>The formatter of <c>string</c>.</summary>
    public static IMessagePackFormatter<string?> String => StringFormatter.Instance;

    /// <summary>The formatter of <c>Guid</c>.</summary>
    public static IMessagePackFormatter<Guid> Guid => GuidFormatter.Instance;

    /// <summary>The formatter of <c>DateTime</c>.</summary>
    public static IMessagePackFormatter<DateTime> DateTime => DateTimeFormatter.Instance;

    /// <summary>The formatter of <c>DateTimeOffset</c>.</summary>
    public static IMessagePackFormatter<DateTimeOffset> DateTimeOffset => DateTimeOffsetFormatter.Instance;

    /// <summary>The formatter of <c>TimeSpan</c>.</summary>
    public static IMessagePackFormatter<TimeSpan> TimeSpan => TimeSpanFormatter.Instance;

    /// <summary>The formatter of <c>DateOnly</c>.</summary>
    public static IMessagePackFormatter<DateOnly> DateOnly => DateOnlyFormatter.Instance;

    /// <summary>The formatter of <c>TimeOnly</c>.</summary>
    public static IMessagePackFormatter<TimeOnly> TimeOnly => TimeOnlyFormatter.Instance;

    /// <summary>The formatter of <c>byte[]</c>.</summary>
    public static IMessagePackFormatter<byte[]?> ByteArray => ByteArrayFormatter.Instance;

    /// <summary>The formatter of <c>ReadOnlyMemory&lt;byte&gt;</c>.</summary>
    public static IMessagePackFormatter<ReadOnlyMemory<byte>> ReadOnlyMemoryOfByte => ReadOnlyMemoryOfByteFormatter.Instance;

    /// <summary>The formatter of <c>Memory&lt;byte&gt;</c>.</summary>
    public static IMessagePackFormatter<Memory<byte>> MemoryOfByte => MemoryOfByteFormatter.Instance;

    /// <summary>An enum as its underlying integer.</summary>
    /// <typeparam name="TEnum">The enum type.</typeparam>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<TEnum> Enum<TEnum>() where TEnum : struct, Enum
        => new EnumFormatter<TEnum>();

    /// <summary><see cref="System.Nullable{T}"/> as nil or the value.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="valueFormatter">The underlying type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<T?> Nullable<T>(IMessagePackFormatter<T> valueFormatter) where T : struct
        => new NullableFormatter<T>(valueFormatter);

    /// <summary>A single-dimension array as a MessagePack array.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementFormatter">The element type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<T[]?> Array<T>(IMessagePackFormatter<T> elementFormatter)
        => new ArrayFormatter<T>(elementFormatter);

    /// <summary><see cref="List{T}"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementFormatter">The element type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<List<T>?> List<T>(IMessagePackFormatter<T> elementFormatter)
        => new ListFormatter<T>(elementFormatter);

    /// <summary><see cref="IEnumerable{T}"/>, read back as a list.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementFormatter">The element type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<IEnumerable<T>?> IEnumerable<T>(IMessagePackFormatter<T> elementFormatter)
        => new ListInterfaceFormatter<T, IEnumerable<T>>(elementFormatter);

    /// <summary><see cref="IReadOnlyCollection{T}"/>, read back as a list.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementFormatter">The element type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<IReadOnlyCollection<T>?> IReadOnlyCollection<T>(IMessagePackFormatter<T> elementFormatter)
        => new ListInterfaceFormatter<T, IReadOnlyCollection<T>>(elementFormatter);

    /// <summary><see cref="IReadOnlyList{T}"/>, read back as a list.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementFormatter">The element type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<IReadOnlyList<T>?> IReadOnlyList<T>(IMessagePackFormatter<T> elementFormatter)
        => new ListInterfaceFormatter<T, IReadOnlyList<T>>(elementFormatter);

    /// <summary><see cref="ICollection{T}"/>, read back as a list.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementFormatter">The element type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<ICollection<T>?> ICollection<T>(IMessagePackFormatter<T> elementFormatter)
        => new ListInterfaceFormatter<T, ICollection<T>>(elementFormatter);

    /// <summary><see cref="IList{T}"/>, read back as a list.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementFormatter">The element type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<IList<T>?> IList<T>(IMessagePackFormatter<T> elementFormatter)
        => new ListInterfaceFormatter<T, IList<T>>(elementFormatter);

    /// <summary><see cref="HashSet{T}"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementFormatter">The element type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<HashSet<T>?> HashSet<T>(IMessagePackFormatter<T> elementFormatter)
        => new HashSetFormatter<T, HashSet<T>>(elementFormatter);

    /// <summary><see cref="ISet{T}"/>, read back as a hash set.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementFormatter">The element type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<ISet<T>?> ISet<T>(IMessagePackFormatter<T> elementFormatter)
        => new HashSetFormatter<T, ISet<T>>(elementFormatter);

    /// <summary><see cref="IReadOnlySet{T}"/>, read back as a hash set.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementFormatter">The element type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<IReadOnlySet<T>?> IReadOnlySet<T>(IMessagePackFormatter<T> elementFormatter)
        => new HashSetFormatter<T, IReadOnlySet<T>>(elementFormatter);

    /// <summary><see cref="SortedSet{T}"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementFormatter">The element type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<SortedSet<T>?> SortedSet<T>(IMessagePackFormatter<T> elementFormatter)
        => new SortedSetFormatter<T>(elementFormatter);

    /// <summary><see cref="ImmutableArray{T}"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementFormatter">The element type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<ImmutableArray<T>> ImmutableArray<T>(IMessagePackFormatter<T> elementFormatter)
        => new ImmutableArrayFormatter<T>(elementFormatter);

    /// <summary><see cref="ImmutableList{T}"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementFormatter">The element type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<ImmutableList<T>?> ImmutableList<T>(IMessagePackFormatter<T> elementFormatter)
        => new ImmutableListFormatter<T, ImmutableList<T>>(elementFormatter);

    /// <summary><see cref="IImmutableList{T}"/>, read back as an immutable list.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementFormatter">The element type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<IImmutableList<T>?> IImmutableList<T>(IMessagePackFormatter<T> elementFormatter)
        => new ImmutableListFormatter<T, IImmutableList<T>>(elementFormatter);

    /// <summary><see cref="ImmutableHashSet{T}"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementFormatter">The element type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<ImmutableHashSet<T>?> ImmutableHashSet<T>(IMessagePackFormatter<T> elementFormatter)
        => new ImmutableHashSetFormatter<T, ImmutableHashSet<T>>(elementFormatter);

    /// <summary><see cref="IImmutableSet{T}"/>, read back as an immutable hash set.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementFormatter">The element type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<IImmutableSet<T>?> IImmutableSet<T>(IMessagePackFormatter<T> elementFormatter)
        => new ImmutableHashSetFormatter<T, IImmutableSet<T>>(elementFormatter);

    /// <summary><see cref="ImmutableSortedSet{T}"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementFormatter">The element type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<ImmutableSortedSet<T>?> ImmutableSortedSet<T>(IMessagePackFormatter<T> elementFormatter)
        => new ImmutableSortedSetFormatter<T>(elementFormatter);

    /// <summary><see cref="ImmutableQueue{T}"/>, front first.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementFormatter">The element type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<ImmutableQueue<T>?> ImmutableQueue<T>(IMessagePackFormatter<T> elementFormatter)
        => new ImmutableQueueFormatter<T, ImmutableQueue<T>>(elementFormatter);

    /// <summary><see cref="IImmutableQueue{T}"/>, front first.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementFormatter">The element type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<IImmutableQueue<T>?> IImmutableQueue<T>(IMessagePackFormatter<T> elementFormatter)
        => new ImmutableQueueFormatter<T, IImmutableQueue<T>>(elementFormatter);

    /// <summary><see cref="ImmutableStack{T}"/>, top first.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementFormatter">The element type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<ImmutableStack<T>?> ImmutableStack<T>(IMessagePackFormatter<T> elementFormatter)
        => new ImmutableStackFormatter<T, ImmutableStack<T>>(elementFormatter);

    /// <summary><see cref="IImmutableStack{T}"/>, top first.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elementFormatter">The element type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<IImmutableStack<T>?> IImmutableStack<T>(IMessagePackFormatter<T> elementFormatter)
        => new ImmutableStackFormatter<T, IImmutableStack<T>>(elementFormatter);

    /// <summary><see cref="Dictionary{TKey, TValue}"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="keyFormatter">The key type's formatter.</param>
    /// <param name="valueFormatter">The value type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<Dictionary<TKey, TValue>?> Dictionary<TKey, TValue>(IMessagePackFormatter<TKey> keyFormatter, IMessagePackFormatter<TValue> valueFormatter) where TKey : notnull
        => new DictionaryFormatter<TKey, TValue>(keyFormatter, valueFormatter);

    /// <summary><see cref="IDictionary{TKey, TValue}"/>, read back as a dictionary.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="keyFormatter">The key type's formatter.</param>
    /// <param name="valueFormatter">The value type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<IDictionary<TKey, TValue>?> IDictionary<TKey, TValue>(IMessagePackFormatter<TKey> keyFormatter, IMessagePackFormatter<TValue> valueFormatter) where TKey : notnull
        => new DictionaryInterfaceFormatter<TKey, TValue, IDictionary<TKey, TValue>>(keyFormatter, valueFormatter);

    /// <summary><see cref="IReadOnlyDictionary{TKey, TValue}"/>, read back as a dictionary.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="keyFormatter">The key type's formatter.</param>
    /// <param name="valueFormatter">The value type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<IReadOnlyDictionary<TKey, TValue>?> IReadOnlyDictionary<TKey, TValue>(IMessagePackFormatter<TKey> keyFormatter, IMessagePackFormatter<TValue> valueFormatter) where TKey : notnull
        => new DictionaryInterfaceFormatter<TKey, TValue, IReadOnlyDictionary<TKey, TValue>>(keyFormatter, valueFormatter);

    /// <summary><see cref="SortedDictionary{TKey, TValue}"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="keyFormatter">The key type's formatter.</param>
    /// <param name="valueFormatter">The value type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<SortedDictionary<TKey, TValue>?> SortedDictionary<TKey, TValue>(IMessagePackFormatter<TKey> keyFormatter, IMessagePackFormatter<TValue> valueFormatter) where TKey : notnull
        => new SortedDictionaryFormatter<TKey, TValue>(keyFormatter, valueFormatter);

    /// <summary><see cref="ImmutableDictionary{TKey, TValue}"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="keyFormatter">The key type's formatter.</param>
    /// <param name="valueFormatter">The value type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<ImmutableDictionary<TKey, TValue>?> ImmutableDictionary<TKey, TValue>(IMessagePackFormatter<TKey> keyFormatter, IMessagePackFormatter<TValue> valueFormatter) where TKey : notnull
        => new ImmutableDictionaryFormatter<TKey, TValue, ImmutableDictionary<TKey, TValue>>(keyFormatter, valueFormatter);

    /// <summary><see cref="IImmutableDictionary{TKey, TValue}"/>, read back as an immutable dictionary.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="keyFormatter">The key type's formatter.</param>
    /// <param name="valueFormatter">The value type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<IImmutableDictionary<TKey, TValue>?> IImmutableDictionary<TKey, TValue>(IMessagePackFormatter<TKey> keyFormatter, IMessagePackFormatter<TValue> valueFormatter) where TKey : notnull
        => new ImmutableDictionaryFormatter<TKey, TValue, IImmutableDictionary<TKey, TValue>>(keyFormatter, valueFormatter);

    /// <summary><see cref="ImmutableSortedDictionary{TKey, TValue}"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="keyFormatter">The key type's formatter.</param>
    /// <param name="valueFormatter">The value type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<ImmutableSortedDictionary<TKey, TValue>?> ImmutableSortedDictionary<TKey, TValue>(IMessagePackFormatter<TKey> keyFormatter, IMessagePackFormatter<TValue> valueFormatter) where TKey : notnull
        => new ImmutableSortedDictionaryFormatter<TKey, TValue>(keyFormatter, valueFormatter);

    /// <summary><see cref="KeyValuePair{TKey, TValue}"/> as [key, value].</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="keyFormatter">The key type's formatter.</param>
    /// <param name="valueFormatter">The value type's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<KeyValuePair<TKey, TValue>> KeyValuePair<TKey, TValue>(IMessagePackFormatter<TKey> keyFormatter, IMessagePackFormatter<TValue> valueFormatter)
        => new KeyValuePairFormatter<TKey, TValue>(keyFormatter, valueFormatter);

    /// <summary>A value tuple of 1 item(s) as an array.</summary>
    /// <typeparam name="T1">An item type.</typeparam>
    /// <param name="item1Formatter">Item 1's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<ValueTuple<T1>> ValueTuple<T1>(IMessagePackFormatter<T1> item1Formatter)
        => new ValueTupleFormatter<T1>(item1Formatter);

    /// <summary>A value tuple of 2 item(s) as an array.</summary>
    /// <typeparam name="T1">An item type.</typeparam>
    /// <typeparam name="T2">An item type.</typeparam>
    /// <param name="item1Formatter">Item 1's formatter.</param>
    /// <param name="item2Formatter">Item 2's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<ValueTuple<T1, T2>> ValueTuple<T1, T2>(IMessagePackFormatter<T1> item1Formatter, IMessagePackFormatter<T2> item2Formatter)
        => new ValueTupleFormatter<T1, T2>(item1Formatter, item2Formatter);

    /// <summary>A value tuple of 3 item(s) as an array.</summary>
    /// <typeparam name="T1">An item type.</typeparam>
    /// <typeparam name="T2">An item type.</typeparam>
    /// <typeparam name="T3">An item type.</typeparam>
    /// <param name="item1Formatter">Item 1's formatter.</param>
    /// <param name="item2Formatter">Item 2's formatter.</param>
    /// <param name="item3Formatter">Item 3's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<ValueTuple<T1, T2, T3>> ValueTuple<T1, T2, T3>(IMessagePackFormatter<T1> item1Formatter, IMessagePackFormatter<T2> item2Formatter, IMessagePackFormatter<T3> item3Formatter)
        => new ValueTupleFormatter<T1, T2, T3>(item1Formatter, item2Formatter, item3Formatter);

    /// <summary>A value tuple of 4 item(s) as an array.</summary>
    /// <typeparam name="T1">An item type.</typeparam>
    /// <typeparam name="T2">An item type.</typeparam>
    /// <typeparam name="T3">An item type.</typeparam>
    /// <typeparam name="T4">An item type.</typeparam>
    /// <param name="item1Formatter">Item 1's formatter.</param>
    /// <param name="item2Formatter">Item 2's formatter.</param>
    /// <param name="item3Formatter">Item 3's formatter.</param>
    /// <param name="item4Formatter">Item 4's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<ValueTuple<T1, T2, T3, T4>> ValueTuple<T1, T2, T3, T4>(IMessagePackFormatter<T1> item1Formatter, IMessagePackFormatter<T2> item2Formatter, IMessagePackFormatter<T3> item3Formatter, IMessagePackFormatter<T4> item4Formatter)
        => new ValueTupleFormatter<T1, T2, T3, T4>(item1Formatter, item2Formatter, item3Formatter, item4Formatter);

    /// <summary>A value tuple of 5 item(s) as an array.</summary>
    /// <typeparam name="T1">An item type.</typeparam>
    /// <typeparam name="T2">An item type.</typeparam>
    /// <typeparam name="T3">An item type.</typeparam>
    /// <typeparam name="T4">An item type.</typeparam>
    /// <typeparam name="T5">An item type.</typeparam>
    /// <param name="item1Formatter">Item 1's formatter.</param>
    /// <param name="item2Formatter">Item 2's formatter.</param>
    /// <param name="item3Formatter">Item 3's formatter.</param>
    /// <param name="item4Formatter">Item 4's formatter.</param>
    /// <param name="item5Formatter">Item 5's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<ValueTuple<T1, T2, T3, T4, T5>> ValueTuple<T1, T2, T3, T4, T5>(IMessagePackFormatter<T1> item1Formatter, IMessagePackFormatter<T2> item2Formatter, IMessagePackFormatter<T3> item3Formatter, IMessagePackFormatter<T4> item4Formatter, IMessagePackFormatter<T5> item5Formatter)
        => new ValueTupleFormatter<T1, T2, T3, T4, T5>(item1Formatter, item2Formatter, item3Formatter, item4Formatter, item5Formatter);

    /// <summary>A value tuple of 6 item(s) as an array.</summary>
    /// <typeparam name="T1">An item type.</typeparam>
    /// <typeparam name="T2">An item type.</typeparam>
    /// <typeparam name="T3">An item type.</typeparam>
    /// <typeparam name="T4">An item type.</typeparam>
    /// <typeparam name="T5">An item type.</typeparam>
    /// <typeparam name="T6">An item type.</typeparam>
    /// <param name="item1Formatter">Item 1's formatter.</param>
    /// <param name="item2Formatter">Item 2's formatter.</param>
    /// <param name="item3Formatter">Item 3's formatter.</param>
    /// <param name="item4Formatter">Item 4's formatter.</param>
    /// <param name="item5Formatter">Item 5's formatter.</param>
    /// <param name="item6Formatter">Item 6's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<ValueTuple<T1, T2, T3, T4, T5, T6>> ValueTuple<T1, T2, T3, T4, T5, T6>(IMessagePackFormatter<T1> item1Formatter, IMessagePackFormatter<T2> item2Formatter, IMessagePackFormatter<T3> item3Formatter, IMessagePackFormatter<T4> item4Formatter, IMessagePackFormatter<T5> item5Formatter, IMessagePackFormatter<T6> item6Formatter)
        => new ValueTupleFormatter<T1, T2, T3, T4, T5, T6>(item1Formatter, item2Formatter, item3Formatter, item4Formatter, item5Formatter, item6Formatter);

    /// <summary>A value tuple of 7 item(s) as an array.</summary>
    /// <typeparam name="T1">An item type.</typeparam>
    /// <typeparam name="T2">An item type.</typeparam>
    /// <typeparam name="T3">An item type.</typeparam>
    /// <typeparam name="T4">An item type.</typeparam>
    /// <typeparam name="T5">An item type.</typeparam>
    /// <typeparam name="T6">An item type.</typeparam>
    /// <typeparam name="T7">An item type.</typeparam>
    /// <param name="item1Formatter">Item 1's formatter.</param>
    /// <param name="item2Formatter">Item 2's formatter.</param>
    /// <param name="item3Formatter">Item 3's formatter.</param>
    /// <param name="item4Formatter">Item 4's formatter.</param>
    /// <param name="item5Formatter">Item 5's formatter.</param>
    /// <param name="item6Formatter">Item 6's formatter.</param>
    /// <param name="item7Formatter">Item 7's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<ValueTuple<T1, T2, T3, T4, T5, T6, T7>> ValueTuple<T1, T2, T3, T4, T5, T6, T7>(IMessagePackFormatter<T1> item1Formatter, IMessagePackFormatter<T2> item2Formatter, IMessagePackFormatter<T3> item3Formatter, IMessagePackFormatter<T4> item4Formatter, IMessagePackFormatter<T5> item5Formatter, IMessagePackFormatter<T6> item6Formatter, IMessagePackFormatter<T7> item7Formatter)
        => new ValueTupleFormatter<T1, T2, T3, T4, T5, T6, T7>(item1Formatter, item2Formatter, item3Formatter, item4Formatter, item5Formatter, item6Formatter, item7Formatter);

    /// <summary>A value tuple of 8 item(s) as an array.</summary>
    /// <typeparam name="T1">An item type.</typeparam>
    /// <typeparam name="T2">An item type.</typeparam>
    /// <typeparam name="T3">An item type.</typeparam>
    /// <typeparam name="T4">An item type.</typeparam>
    /// <typeparam name="T5">An item type.</typeparam>
    /// <typeparam name="T6">An item type.</typeparam>
    /// <typeparam name="T7">An item type.</typeparam>
    /// <typeparam name="TRest">An item type.</typeparam>
    /// <param name="item1Formatter">Item 1's formatter.</param>
    /// <param name="item2Formatter">Item 2's formatter.</param>
    /// <param name="item3Formatter">Item 3's formatter.</param>
    /// <param name="item4Formatter">Item 4's formatter.</param>
    /// <param name="item5Formatter">Item 5's formatter.</param>
    /// <param name="item6Formatter">Item 6's formatter.</param>
    /// <param name="item7Formatter">Item 7's formatter.</param>
    /// <param name="item8Formatter">Item 8's formatter.</param>
    /// <returns>A new formatter; keep it, it holds no state.</returns>
    public static IMessagePackFormatter<ValueTuple<T1, T2, T3, T4, T5, T6, T7, TRest>> ValueTuple<T1, T2, T3, T4, T5, T6, T7, TRest>(IMessagePackFormatter<T1> item1Formatter, IMessagePackFormatter<T2> item2Formatter, IMessagePackFormatter<T3> item3Formatter, IMessagePackFormatter<T4> item4Formatter, IMessagePackFormatter<T5> item5Formatter, IMessagePackFormatter<T6> item6Formatter, IMessagePackFormatter<T7> item7Formatter, IMessagePackFormatter<TRest> item8Formatter) where TRest : struct
        => new ValueTupleFormatter<T1, T2, T3, T4, T5, T6, T7, TRest>(item1Formatter, item2Formatter, item3Formatter, item4Formatter, item5Formatter, item6Formatter, item7Formatter, item8Formatter);
}
