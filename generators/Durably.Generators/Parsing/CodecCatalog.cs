using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Durably.Generators.Parsing;

/// <summary>How the codec (Durably.Runtime) treats a framework type.</summary>
internal enum BuiltInKind
{
    /// <summary>Not a built-in: a user type or an unsupported framework type.</summary>
    None,

    /// <summary>A leaf value the codec writes itself (string, decimal, Guid, dates, times, 128-bit and native-sized integers).</summary>
    Leaf,

    /// <summary>A composite value type (<c>Nullable</c>, <c>KeyValuePair</c>, <c>ValueTuple</c>): copied with its elements.</summary>
    ValueComposite,

    /// <summary>A mutable collection: arrays, lists, dictionaries, sets and their interfaces.</summary>
    MutableCollection,

    /// <summary>An immutable collection: safe to share when its elements are.</summary>
    ImmutableCollection,
}

/// <summary>
/// The framework types the codec has built-in formatters for: the one list the generator knows.
/// Generated code gets each formatter from <c>Durably.Runtime.BuiltInFormatters</c>, whose
/// members are named after the type they format (<see cref="FormatterMember"/>); a test compares
/// this list with that class in both directions, so neither can gain a type the other lacks.
/// </summary>
internal static class CodecCatalog
{
    private static readonly Dictionary<string, BuiltInKind> ByMetadataName = new(System.StringComparer.Ordinal)
    {
        ["System.Decimal"] = BuiltInKind.Leaf,
        ["System.Half"] = BuiltInKind.Leaf,
        ["System.Int128"] = BuiltInKind.Leaf,
        ["System.UInt128"] = BuiltInKind.Leaf,
        ["System.IntPtr"] = BuiltInKind.Leaf,
        ["System.UIntPtr"] = BuiltInKind.Leaf,
        ["System.Guid"] = BuiltInKind.Leaf,
        ["System.DateTime"] = BuiltInKind.Leaf,
        ["System.DateTimeOffset"] = BuiltInKind.Leaf,
        ["System.TimeSpan"] = BuiltInKind.Leaf,
        ["System.DateOnly"] = BuiltInKind.Leaf,
        ["System.TimeOnly"] = BuiltInKind.Leaf,
        ["System.Nullable`1"] = BuiltInKind.ValueComposite,
        ["System.Collections.Generic.KeyValuePair`2"] = BuiltInKind.ValueComposite,
        ["System.ValueTuple`1"] = BuiltInKind.ValueComposite,
        ["System.ValueTuple`2"] = BuiltInKind.ValueComposite,
        ["System.ValueTuple`3"] = BuiltInKind.ValueComposite,
        ["System.ValueTuple`4"] = BuiltInKind.ValueComposite,
        ["System.ValueTuple`5"] = BuiltInKind.ValueComposite,
        ["System.ValueTuple`6"] = BuiltInKind.ValueComposite,
        ["System.ValueTuple`7"] = BuiltInKind.ValueComposite,
        ["System.ValueTuple`8"] = BuiltInKind.ValueComposite,
        ["System.Collections.Generic.List`1"] = BuiltInKind.MutableCollection,
        ["System.Collections.Generic.Dictionary`2"] = BuiltInKind.MutableCollection,
        ["System.Collections.Generic.SortedDictionary`2"] = BuiltInKind.MutableCollection,
        ["System.Collections.Generic.HashSet`1"] = BuiltInKind.MutableCollection,
        ["System.Collections.Generic.SortedSet`1"] = BuiltInKind.MutableCollection,
        ["System.Collections.Generic.IEnumerable`1"] = BuiltInKind.MutableCollection,
        ["System.Collections.Generic.IReadOnlyCollection`1"] = BuiltInKind.MutableCollection,
        ["System.Collections.Generic.IReadOnlyList`1"] = BuiltInKind.MutableCollection,
        ["System.Collections.Generic.ICollection`1"] = BuiltInKind.MutableCollection,
        ["System.Collections.Generic.IList`1"] = BuiltInKind.MutableCollection,
        ["System.Collections.Generic.ISet`1"] = BuiltInKind.MutableCollection,
        ["System.Collections.Generic.IReadOnlySet`1"] = BuiltInKind.MutableCollection,
        ["System.Collections.Generic.IDictionary`2"] = BuiltInKind.MutableCollection,
        ["System.Collections.Generic.IReadOnlyDictionary`2"] = BuiltInKind.MutableCollection,

        // Interfaces can be implemented by anything, so only the concrete immutable types are safe to share.
        ["System.Collections.Immutable.IImmutableList`1"] = BuiltInKind.MutableCollection,
        ["System.Collections.Immutable.IImmutableSet`1"] = BuiltInKind.MutableCollection,
        ["System.Collections.Immutable.IImmutableDictionary`2"] = BuiltInKind.MutableCollection,
        ["System.Collections.Immutable.IImmutableQueue`1"] = BuiltInKind.MutableCollection,
        ["System.Collections.Immutable.IImmutableStack`1"] = BuiltInKind.MutableCollection,
        ["System.Collections.Immutable.ImmutableArray`1"] = BuiltInKind.ImmutableCollection,
        ["System.Collections.Immutable.ImmutableList`1"] = BuiltInKind.ImmutableCollection,
        ["System.Collections.Immutable.ImmutableDictionary`2"] = BuiltInKind.ImmutableCollection,
        ["System.Collections.Immutable.ImmutableHashSet`1"] = BuiltInKind.ImmutableCollection,
        ["System.Collections.Immutable.ImmutableSortedDictionary`2"] = BuiltInKind.ImmutableCollection,
        ["System.Collections.Immutable.ImmutableSortedSet`1"] = BuiltInKind.ImmutableCollection,
        ["System.Collections.Immutable.ImmutableQueue`1"] = BuiltInKind.ImmutableCollection,
        ["System.Collections.Immutable.ImmutableStack`1"] = BuiltInKind.ImmutableCollection,
    };

    /// <summary>The built-in framework types by metadata name (primitives, enums, arrays and byte buffers aside).</summary>
    public static IEnumerable<KeyValuePair<string, BuiltInKind>> Entries => ByMetadataName;

    /// <summary>The metadata names of the primitives written directly by <c>MessagePackWriter</c> (each also has a formatter).</summary>
    public static IEnumerable<string> PrimitiveMetadataNames =>
    [
        "System.Boolean", "System.Byte", "System.SByte", "System.Int16", "System.UInt16", "System.Int32", "System.UInt32",
        "System.Int64", "System.UInt64", "System.Single", "System.Double", "System.Char", "System.String",
    ];

    /// <summary>The byte buffers written as bin, with their formatter members.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ByteBufferMembers =>
    [
        new("System.Byte[]", "ByteArray"),
        new("System.Memory`1", "MemoryOfByte"),
        new("System.ReadOnlyMemory`1", "ReadOnlyMemoryOfByte"),
    ];

    /// <summary>
    /// The <c>BuiltInFormatters</c> member for a framework type: its name without namespace and
    /// generic arity (<c>System.Collections.Generic.Dictionary`2</c> is <c>Dictionary</c>).
    /// </summary>
    public static string FormatterMember(string metadataName)
    {
        foreach (KeyValuePair<string, string> buffer in ByteBufferMembers)
        {
            if (buffer.Key == metadataName)
            {
                return buffer.Value;
            }
        }

        string name = metadataName.Substring(metadataName.LastIndexOf('.') + 1);
        int tick = name.IndexOf('`');
        return tick < 0 ? name : name.Substring(0, tick);
    }

    /// <summary>The <c>MessagePackReader</c> method that reads a primitive, or null when a formatter is used.</summary>
    public static string? PrimitiveReader(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_Boolean => "ReadBoolean",
        SpecialType.System_Byte => "ReadByte",
        SpecialType.System_SByte => "ReadSByte",
        SpecialType.System_Int16 => "ReadInt16",
        SpecialType.System_UInt16 => "ReadUInt16",
        SpecialType.System_Int32 => "ReadInt32",
        SpecialType.System_UInt32 => "ReadUInt32",
        SpecialType.System_Int64 => "ReadInt64",
        SpecialType.System_UInt64 => "ReadUInt64",
        SpecialType.System_Single => "ReadSingle",
        SpecialType.System_Double => "ReadDouble",
        SpecialType.System_Char => "ReadChar",
        SpecialType.System_String => "ReadString",
        _ => null,
    };

    /// <summary>What the codec does with a named framework type.</summary>
    public static BuiltInKind Classify(INamedTypeSymbol type)
    {
        if (PrimitiveReader(type) is not null)
        {
            return BuiltInKind.Leaf;
        }

        string metadataName = MetadataName(type.OriginalDefinition);

        // The codec writes byte buffers as bin; a buffer the caller still holds can change.
        if (metadataName is "System.Memory`1" or "System.ReadOnlyMemory`1")
        {
            return type.TypeArguments[0].SpecialType == SpecialType.System_Byte ? BuiltInKind.MutableCollection : BuiltInKind.None;
        }

        return ByMetadataName.TryGetValue(metadataName, out BuiltInKind kind) ? kind : BuiltInKind.None;
    }

    /// <summary>The namespace-qualified metadata name, e.g. <c>System.Collections.Generic.List`1</c>.</summary>
    public static string MetadataName(INamedTypeSymbol type)
    {
        string name = type.MetadataName;
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.MetadataName + "+" + name;
        }

        INamespaceSymbol? ns = type.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? name : ns.ToDisplayString() + "." + name;
    }

    /// <summary>True for a type in a framework namespace, which the generator never writes a formatter for.</summary>
    public static bool IsFrameworkType(INamedTypeSymbol type)
    {
        INamespaceSymbol? ns = type.ContainingNamespace;
        while (ns is not null && !ns.IsGlobalNamespace && !ns.ContainingNamespace.IsGlobalNamespace)
        {
            ns = ns.ContainingNamespace;
        }

        return ns is not null && !ns.IsGlobalNamespace && ns.Name is "System" or "Microsoft";
    }
}
