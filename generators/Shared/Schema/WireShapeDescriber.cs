using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Durably.SourceModel.Schema;

/// <summary>
/// The wire shape of a C# type, following the codec's conventions (MessagePack-CSharp's): what
/// the generated formatters and the built-in ones write for it. Enums and user types are
/// returned as references and handed to the caller to describe once.
/// </summary>
internal sealed class WireShapeDescriber(System.Action<INamedTypeSymbol> reachEnum, System.Action<INamedTypeSymbol> reachDataType)
{
    /// <summary>Full names without <c>global::</c> and without nullable annotations: how the lock names types.</summary>
    public static readonly SymbolDisplayFormat NameFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted)
        .RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly Dictionary<string, string> Leaves = new(System.StringComparer.Ordinal)
    {
        ["System.Decimal"] = "decimal",

        // Written as a float32 (MessagePack has no float16), but its own kind: a float32 value does
        // not fit in a Half, while a Half widens exactly to float and double.
        ["System.Half"] = "float16",
        ["System.Int128"] = "int128",
        ["System.UInt128"] = "uint128",
        ["System.IntPtr"] = "nint",
        ["System.UIntPtr"] = "nuint",
        ["System.Guid"] = "guid",
        ["System.DateTime"] = "datetime",
        ["System.DateTimeOffset"] = "datetimeoffset",
        ["System.TimeSpan"] = "timespan",
        ["System.DateOnly"] = "dateonly",
        ["System.TimeOnly"] = "timeonly",
    };

    private static readonly HashSet<string> Sequences = new(System.StringComparer.Ordinal)
    {
        "System.Collections.Generic.List`1",
        "System.Collections.Generic.HashSet`1",
        "System.Collections.Generic.SortedSet`1",
        "System.Collections.Generic.IEnumerable`1",
        "System.Collections.Generic.IReadOnlyCollection`1",
        "System.Collections.Generic.IReadOnlyList`1",
        "System.Collections.Generic.ICollection`1",
        "System.Collections.Generic.IList`1",
        "System.Collections.Generic.ISet`1",
        "System.Collections.Generic.IReadOnlySet`1",
        "System.Collections.Immutable.IImmutableList`1",
        "System.Collections.Immutable.IImmutableSet`1",
        "System.Collections.Immutable.IImmutableQueue`1",
        "System.Collections.Immutable.IImmutableStack`1",
        "System.Collections.Immutable.ImmutableArray`1",
        "System.Collections.Immutable.ImmutableList`1",
        "System.Collections.Immutable.ImmutableHashSet`1",
        "System.Collections.Immutable.ImmutableSortedSet`1",
        "System.Collections.Immutable.ImmutableQueue`1",
        "System.Collections.Immutable.ImmutableStack`1",
    };

    private static readonly HashSet<string> Maps = new(System.StringComparer.Ordinal)
    {
        "System.Collections.Generic.Dictionary`2",
        "System.Collections.Generic.SortedDictionary`2",
        "System.Collections.Generic.IDictionary`2",
        "System.Collections.Generic.IReadOnlyDictionary`2",
        "System.Collections.Immutable.IImmutableDictionary`2",
        "System.Collections.Immutable.ImmutableDictionary`2",
        "System.Collections.Immutable.ImmutableSortedDictionary`2",
    };

    public WireShape Describe(ITypeSymbol type)
    {
        bool annotated = type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated;
        WireShape shape = DescribeCore(type);
        return annotated ? shape.AsNullable() : shape;
    }

    private WireShape DescribeCore(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return array.IsSZArray && array.ElementType.SpecialType == SpecialType.System_Byte
                ? WireShape.Leaf("binary")
                : WireShape.Composite("array", [Describe(array.ElementType)]);
        }

        if (type is not INamedTypeSymbol named)
        {
            return WireShape.Leaf("unsupported");
        }

        switch (named.SpecialType)
        {
            case SpecialType.System_Boolean: return WireShape.Leaf("bool");
            case SpecialType.System_SByte: return WireShape.Leaf("int8");
            case SpecialType.System_Byte: return WireShape.Leaf("uint8");
            case SpecialType.System_Int16: return WireShape.Leaf("int16");
            case SpecialType.System_UInt16: return WireShape.Leaf("uint16");
            case SpecialType.System_Int32: return WireShape.Leaf("int32");
            case SpecialType.System_UInt32: return WireShape.Leaf("uint32");
            case SpecialType.System_Int64: return WireShape.Leaf("int64");
            case SpecialType.System_UInt64: return WireShape.Leaf("uint64");
            case SpecialType.System_Single: return WireShape.Leaf("float32");
            case SpecialType.System_Double: return WireShape.Leaf("float64");
            case SpecialType.System_Char: return WireShape.Leaf("char");
            case SpecialType.System_String: return WireShape.Leaf("string");
        }

        if (named.TypeKind == TypeKind.Enum)
        {
            reachEnum(named);
            return WireShape.Reference(WireShape.EnumKind, named.ToDisplayString(NameFormat));
        }

        string metadataName = MetadataName(named.OriginalDefinition);
        if (Leaves.TryGetValue(metadataName, out string? leaf))
        {
            return WireShape.Leaf(leaf);
        }

        if (metadataName == "System.Nullable`1")
        {
            return Describe(named.TypeArguments[0]).AsNullable();
        }

        if (metadataName is "System.Memory`1" or "System.ReadOnlyMemory`1" && named.TypeArguments[0].SpecialType == SpecialType.System_Byte)
        {
            return WireShape.Leaf("binary");
        }

        if (Sequences.Contains(metadataName))
        {
            return WireShape.Composite("array", [Describe(named.TypeArguments[0])]);
        }

        if (Maps.Contains(metadataName))
        {
            return WireShape.Composite("map", [Describe(named.TypeArguments[0]), Describe(named.TypeArguments[1])]);
        }

        if (metadataName == "System.Collections.Generic.KeyValuePair`2" || metadataName.StartsWith("System.ValueTuple`", System.StringComparison.Ordinal))
        {
            var elements = new List<WireShape>();
            foreach (ITypeSymbol element in named.TupleElements.IsDefaultOrEmpty ? named.TypeArguments : TupleTypes(named))
            {
                elements.Add(Describe(element));
            }

            return WireShape.Composite("tuple", elements);
        }

        if (named.TypeKind is TypeKind.Class or TypeKind.Struct && !IsFrameworkType(named) && !named.IsAbstract && !DurableSymbolFacts.IsDurableStateClass(named))
        {
            reachDataType(named);
            return WireShape.Reference(WireShape.TypeKind, named.ToDisplayString(NameFormat));
        }

        return WireShape.Leaf("unsupported");
    }

    private static IEnumerable<ITypeSymbol> TupleTypes(INamedTypeSymbol tuple)
    {
        foreach (IFieldSymbol element in tuple.TupleElements)
        {
            yield return element.Type;
        }
    }

    private static string MetadataName(INamedTypeSymbol type)
    {
        string name = type.MetadataName;
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.MetadataName + "+" + name;
        }

        INamespaceSymbol? ns = type.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? name : ns.ToDisplayString() + "." + name;
    }

    private static bool IsFrameworkType(INamedTypeSymbol type)
    {
        INamespaceSymbol? ns = type.ContainingNamespace;
        while (ns is not null && !ns.IsGlobalNamespace && !ns.ContainingNamespace.IsGlobalNamespace)
        {
            ns = ns.ContainingNamespace;
        }

        return ns is not null && !ns.IsGlobalNamespace && ns.Name is "System" or "Microsoft";
    }
}
