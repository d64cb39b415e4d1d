using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Durably.Runtime;

/// <summary>
/// Creates the formatter for a built-in type on its first use. Scalars are singletons; generic
/// formatters are closed over the requested type's arguments with <see cref="Type.MakeGenericType"/>
/// once, and from then on <see cref="MessagePackFormatters.Get{T}"/> returns the cached instance.
/// </summary>
internal static class BuiltInFormatters
{
    private static readonly Dictionary<Type, object> Scalars = new()
    {
        [typeof(bool)] = BooleanFormatter.Instance,
        [typeof(byte)] = ByteFormatter.Instance,
        [typeof(sbyte)] = SByteFormatter.Instance,
        [typeof(short)] = Int16Formatter.Instance,
        [typeof(ushort)] = UInt16Formatter.Instance,
        [typeof(int)] = Int32Formatter.Instance,
        [typeof(uint)] = UInt32Formatter.Instance,
        [typeof(long)] = Int64Formatter.Instance,
        [typeof(ulong)] = UInt64Formatter.Instance,
        [typeof(Int128)] = Int128Formatter.Instance,
        [typeof(UInt128)] = UInt128Formatter.Instance,
        [typeof(nint)] = IntPtrFormatter.Instance,
        [typeof(nuint)] = UIntPtrFormatter.Instance,
        [typeof(float)] = SingleFormatter.Instance,
        [typeof(double)] = DoubleFormatter.Instance,
        [typeof(char)] = CharFormatter.Instance,
        [typeof(decimal)] = DecimalFormatter.Instance,
        [typeof(string)] = StringFormatter.Instance,
        [typeof(Guid)] = GuidFormatter.Instance,
        [typeof(DateTime)] = DateTimeFormatter.Instance,
        [typeof(DateTimeOffset)] = DateTimeOffsetFormatter.Instance,
        [typeof(TimeSpan)] = TimeSpanFormatter.Instance,
        [typeof(DateOnly)] = DateOnlyFormatter.Instance,
        [typeof(TimeOnly)] = TimeOnlyFormatter.Instance,
        [typeof(byte[])] = ByteArrayFormatter.Instance,
        [typeof(ReadOnlyMemory<byte>)] = ReadOnlyMemoryOfByteFormatter.Instance,
        [typeof(Memory<byte>)] = MemoryOfByteFormatter.Instance,
    };

    // Generic type definition -> formatter definition closed over the same type arguments.
    private static readonly Dictionary<Type, Type> ByTypeArguments = new()
    {
        [typeof(Nullable<>)] = typeof(NullableFormatter<>),
        [typeof(List<>)] = typeof(ListFormatter<>),
        [typeof(Dictionary<,>)] = typeof(DictionaryFormatter<,>),
        [typeof(SortedDictionary<,>)] = typeof(SortedDictionaryFormatter<,>),
        [typeof(SortedSet<>)] = typeof(SortedSetFormatter<>),
        [typeof(KeyValuePair<,>)] = typeof(KeyValuePairFormatter<,>),
        [typeof(ImmutableArray<>)] = typeof(ImmutableArrayFormatter<>),
        [typeof(ImmutableSortedSet<>)] = typeof(ImmutableSortedSetFormatter<>),
        [typeof(ImmutableSortedDictionary<,>)] = typeof(ImmutableSortedDictionaryFormatter<,>),
        [typeof(ValueTuple<>)] = typeof(ValueTupleFormatter<>),
        [typeof(ValueTuple<,>)] = typeof(ValueTupleFormatter<,>),
        [typeof(ValueTuple<,,>)] = typeof(ValueTupleFormatter<,,>),
        [typeof(ValueTuple<,,,>)] = typeof(ValueTupleFormatter<,,,>),
        [typeof(ValueTuple<,,,,>)] = typeof(ValueTupleFormatter<,,,,>),
        [typeof(ValueTuple<,,,,,>)] = typeof(ValueTupleFormatter<,,,,,>),
        [typeof(ValueTuple<,,,,,,>)] = typeof(ValueTupleFormatter<,,,,,,>),
        [typeof(ValueTuple<,,,,,,,>)] = typeof(ValueTupleFormatter<,,,,,,,>),
    };

    // Generic type definition -> formatter definition closed over the type arguments plus the
    // requested type itself (one formatter serves a concrete type and the interfaces it backs).
    private static readonly Dictionary<Type, Type> ByTypeArgumentsAndResult = new()
    {
        [typeof(IEnumerable<>)] = typeof(ListInterfaceFormatter<,>),
        [typeof(IReadOnlyCollection<>)] = typeof(ListInterfaceFormatter<,>),
        [typeof(IReadOnlyList<>)] = typeof(ListInterfaceFormatter<,>),
        [typeof(ICollection<>)] = typeof(ListInterfaceFormatter<,>),
        [typeof(IList<>)] = typeof(ListInterfaceFormatter<,>),
        [typeof(HashSet<>)] = typeof(HashSetFormatter<,>),
        [typeof(ISet<>)] = typeof(HashSetFormatter<,>),
        [typeof(IReadOnlySet<>)] = typeof(HashSetFormatter<,>),
        [typeof(IDictionary<,>)] = typeof(DictionaryInterfaceFormatter<,,>),
        [typeof(IReadOnlyDictionary<,>)] = typeof(DictionaryInterfaceFormatter<,,>),
        [typeof(ImmutableList<>)] = typeof(ImmutableListFormatter<,>),
        [typeof(IImmutableList<>)] = typeof(ImmutableListFormatter<,>),
        [typeof(ImmutableHashSet<>)] = typeof(ImmutableHashSetFormatter<,>),
        [typeof(IImmutableSet<>)] = typeof(ImmutableHashSetFormatter<,>),
        [typeof(ImmutableDictionary<,>)] = typeof(ImmutableDictionaryFormatter<,,>),
        [typeof(IImmutableDictionary<,>)] = typeof(ImmutableDictionaryFormatter<,,>),
        [typeof(ImmutableQueue<>)] = typeof(ImmutableQueueFormatter<,>),
        [typeof(IImmutableQueue<>)] = typeof(ImmutableQueueFormatter<,>),
        [typeof(ImmutableStack<>)] = typeof(ImmutableStackFormatter<,>),
        [typeof(IImmutableStack<>)] = typeof(ImmutableStackFormatter<,>),
    };

    /// <summary>Creates the built-in formatter for <typeparamref name="T"/>, or returns null if there is none.</summary>
    /// <exception cref="MessagePackSerializationException">A type <typeparamref name="T"/> is composed of has no formatter.</exception>
    public static IMessagePackFormatter<T>? TryCreate<T>()
    {
        Type type = typeof(T);
        if (Scalars.TryGetValue(type, out object? scalar))
        {
            return (IMessagePackFormatter<T>)scalar;
        }

        if (type.IsEnum)
        {
            return new EnumFormatter<T>();
        }

        Type? formatterType = null;
        if (type.IsSZArray)
        {
            formatterType = Close(typeof(ArrayFormatter<>), [type.GetElementType()!]);
        }
        else if (type.IsGenericType && !type.ContainsGenericParameters)
        {
            Type definition = type.GetGenericTypeDefinition();
            if (ByTypeArguments.TryGetValue(definition, out Type? formatterDefinition))
            {
                formatterType = Close(formatterDefinition, type.GetGenericArguments());
            }
            else if (ByTypeArgumentsAndResult.TryGetValue(definition, out formatterDefinition))
            {
                formatterType = Close(formatterDefinition, [.. type.GetGenericArguments(), type]);
            }
        }

        return formatterType is null ? null : (IMessagePackFormatter<T>)Instantiate(formatterType, type);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2055", Justification = "No formatter definition annotates its type parameters, so closing them has no trimming requirements.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Under native AOT an instantiation over a value type the compiler did not see fails here, and the failure is reported as a MessagePackSerializationException naming the type.")]
    private static Type? Close(Type formatterDefinition, Type[] arguments)
    {
        try
        {
            return formatterDefinition.MakeGenericType(arguments);
        }
        catch (ArgumentException)
        {
            // A constraint does not hold (for example a pointer or by-ref-like element type): not formattable.
            return null;
        }
        catch (NotSupportedException ex)
        {
            throw new MessagePackSerializationException(
                $"The formatter {TypeDisplayName.Of(formatterDefinition)} cannot be instantiated here (no dynamic code); register a formatter explicitly.", ex);
        }
    }

    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(ArrayFormatter<>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(DictionaryFormatter<,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(DictionaryInterfaceFormatter<,,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(HashSetFormatter<,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(ImmutableArrayFormatter<>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(ImmutableDictionaryFormatter<,,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(ImmutableHashSetFormatter<,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(ImmutableListFormatter<,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(ImmutableQueueFormatter<,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(ImmutableSortedDictionaryFormatter<,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(ImmutableSortedSetFormatter<>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(ImmutableStackFormatter<,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(KeyValuePairFormatter<,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(ListFormatter<>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(ListInterfaceFormatter<,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(NullableFormatter<>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(SortedDictionaryFormatter<,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(SortedSetFormatter<>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(ValueTupleFormatter<,,,,,,,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(ValueTupleFormatter<,,,,,,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(ValueTupleFormatter<,,,,,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(ValueTupleFormatter<,,,,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(ValueTupleFormatter<,,,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(ValueTupleFormatter<,,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(ValueTupleFormatter<,>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(ValueTupleFormatter<>))]
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = "Every formatter definition's parameterless constructor is kept by the DynamicDependency attributes above.")]
    private static object Instantiate(Type formatterType, Type formattedType)
    {
        try
        {
            return Activator.CreateInstance(formatterType)!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is MessagePackSerializationException inner)
        {
            // An element type has no formatter: say which composite needed it.
            throw new MessagePackSerializationException($"No MessagePack formatter for {TypeDisplayName.Of(formattedType)}: {inner.Message}", inner);
        }
    }
}
