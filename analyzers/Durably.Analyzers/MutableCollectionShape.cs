using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Durably.Analyzers;

/// <summary>
/// Whether a type is a collection a caller could change, and which immutable copy a query should
/// return instead (the DS0009 code fix writes the copy: a read-only view would still be the live
/// collection, read outside the store's lock).
/// </summary>
internal readonly struct MutableCollectionShape
{
    /// <summary>Diagnostic property: the fully qualified immutable type the query returns.</summary>
    public const string ImmutableTypeProperty = "ImmutableType";

    /// <summary>Diagnostic property: C# for the copy, with <see cref="ValuePlaceholder"/> standing for the value.</summary>
    public const string CopyProperty = "Copy";

    /// <summary>The identifier that stands for the value in <see cref="CopyProperty"/>.</summary>
    public const string ValuePlaceholder = "__durablyValue";

    private const string Spread = "[.. " + ValuePlaceholder + "]";

    private MutableCollectionShape(ITypeSymbol? immutableType, string? copy)
    {
        ImmutableType = immutableType;
        Copy = copy;
    }

    /// <summary>The immutable type to return, when one fits.</summary>
    public ITypeSymbol? ImmutableType { get; }

    /// <summary>The copying expression template, when an immutable type fits.</summary>
    public string? Copy { get; }

    /// <summary>The suggestion for a message.</summary>
    public string Suggestion => ImmutableType?.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) ?? "an immutable copy";

    /// <summary>Diagnostic properties for the code fix: present only when the copy holds nothing mutable.</summary>
    public ImmutableDictionary<string, string?> ToProperties()
    {
        if (ImmutableType is null || Copy is null || Durably.SourceModel.ImmutableTypeFacts.WhyNotProvablyImmutable(ImmutableType) is not null)
        {
            return ImmutableDictionary<string, string?>.Empty;
        }

        return ImmutableDictionary<string, string?>.Empty
            .Add(ImmutableTypeProperty, ImmutableType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
            .Add(CopyProperty, Copy);
    }

    /// <summary>Classifies <paramref name="type"/>: false when callers cannot change it through this type.</summary>
    public static bool TryClassify(ITypeSymbol type, Compilation compilation, out MutableCollectionShape shape)
    {
        shape = default;
        if (type is IArrayTypeSymbol array)
        {
            shape = array.IsSZArray
                ? new MutableCollectionShape(Construct(compilation, "System.Collections.Immutable.ImmutableArray`1", array.ElementType), Spread)
                : new MutableCollectionShape(null, null);
            return true;
        }

        if (type is not INamedTypeSymbol named || IsReadOnlyByDesign(named))
        {
            return false;
        }

        if (FindInterface(named, "System.Collections.Generic.IDictionary`2") is { } dictionary)
        {
            string factory = Is(named, "System.Collections.Generic.SortedDictionary`2") ? "ImmutableSortedDictionary" : "ImmutableDictionary";
            shape = new MutableCollectionShape(
                Construct(compilation, "System.Collections.Immutable." + factory + "`2", dictionary.TypeArguments[0], dictionary.TypeArguments[1]),
                "global::System.Collections.Immutable." + factory + ".CreateRange(" + ValuePlaceholder + ")");
            return true;
        }

        if (FindInterface(named, "System.Collections.Generic.ISet`1") is { } set)
        {
            string immutable = Is(named, "System.Collections.Generic.SortedSet`1") ? "ImmutableSortedSet`1" : "ImmutableHashSet`1";
            shape = new MutableCollectionShape(Construct(compilation, "System.Collections.Immutable." + immutable, set.TypeArguments[0]), Spread);
            return true;
        }

        if ((FindInterface(named, "System.Collections.Generic.ICollection`1") ?? (IsMutableWithoutCollectionInterface(named) ? FindInterface(named, "System.Collections.Generic.IReadOnlyCollection`1") : null)) is { } collection)
        {
            // Lists, other collections, queues, stacks and bags: an array of the elements in enumeration order.
            shape = new MutableCollectionShape(Construct(compilation, "System.Collections.Immutable.ImmutableArray`1", collection.TypeArguments[0]), Spread);
            return true;
        }

        if (FindInterface(named, "System.Collections.IList") is not null || FindInterface(named, "System.Collections.IDictionary") is not null)
        {
            shape = new MutableCollectionShape(null, null);
            return true;
        }

        return false;
    }

    private static bool IsReadOnlyByDesign(INamedTypeSymbol type)
    {
        string ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        if (ns is "System.Collections.Immutable" or "System.Collections.Frozen")
        {
            return true;
        }

        string name = ns + "." + type.OriginalDefinition.MetadataName;
        return name is "System.Collections.ObjectModel.ReadOnlyCollection`1"
            or "System.Collections.ObjectModel.ReadOnlyDictionary`2"
            or "System.Collections.ObjectModel.ReadOnlySet`1"
            or "System.Collections.ObjectModel.ReadOnlyObservableCollection`1"
            or "System.String";
    }

    private static bool IsMutableWithoutCollectionInterface(INamedTypeSymbol type)
    {
        string name = (type.ContainingNamespace?.ToDisplayString() ?? string.Empty) + "." + type.OriginalDefinition.MetadataName;
        return name is "System.Collections.Generic.Queue`1"
            or "System.Collections.Generic.Stack`1"
            or "System.Collections.Generic.PriorityQueue`2"
            or "System.Collections.Concurrent.ConcurrentQueue`1"
            or "System.Collections.Concurrent.ConcurrentStack`1"
            or "System.Collections.Concurrent.ConcurrentBag`1";
    }

    private static INamedTypeSymbol? FindInterface(INamedTypeSymbol type, string metadataName)
    {
        if (Is(type, metadataName))
        {
            return type;
        }

        foreach (INamedTypeSymbol candidate in type.AllInterfaces)
        {
            if (Is(candidate, metadataName))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool Is(INamedTypeSymbol type, string metadataName)
    {
        INamedTypeSymbol definition = type.OriginalDefinition;
        int dot = metadataName.LastIndexOf('.');
        return definition.MetadataName == metadataName.Substring(dot + 1)
            && definition.ContainingNamespace?.ToDisplayString() == metadataName.Substring(0, dot);
    }

    private static INamedTypeSymbol? Construct(Compilation compilation, string metadataName, params ITypeSymbol[] arguments) =>
        compilation.GetTypeByMetadataName(metadataName)?.Construct(arguments);
}
