using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Durably.Analyzers;

/// <summary>
/// Whether a type is a collection a caller could change, which read-only type should be exposed
/// instead, and how to wrap a value as that read-only view (the code fix applies the wrap).
/// </summary>
internal readonly struct MutableCollectionShape
{
    /// <summary>Diagnostic property: the fully qualified read-only type to expose.</summary>
    public const string ReadOnlyTypeProperty = "ReadOnlyType";

    /// <summary>Diagnostic property: C# for the wrapped value, with <see cref="ValuePlaceholder"/> standing for the value.</summary>
    public const string WrapProperty = "Wrap";

    /// <summary>The identifier that stands for the value in <see cref="WrapProperty"/>.</summary>
    public const string ValuePlaceholder = "__durablyValue";

    private MutableCollectionShape(ITypeSymbol? readOnlyType, string? wrap)
    {
        ReadOnlyType = readOnlyType;
        Wrap = wrap;
    }

    /// <summary>The read-only type to expose, when one fits.</summary>
    public ITypeSymbol? ReadOnlyType { get; }

    /// <summary>The wrapping expression template, when a read-only view type exists.</summary>
    public string? Wrap { get; }

    /// <summary>The suggestion for a message.</summary>
    public string Suggestion => ReadOnlyType?.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) ?? "a read-only view";

    /// <summary>Diagnostic properties for the code fix.</summary>
    public ImmutableDictionary<string, string?> ToProperties()
    {
        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty;
        if (ReadOnlyType is not null)
        {
            properties = properties.Add(ReadOnlyTypeProperty, ReadOnlyType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        }

        if (Wrap is not null)
        {
            properties = properties.Add(WrapProperty, Wrap);
        }

        return properties;
    }

    /// <summary>Classifies <paramref name="type"/>: false when callers cannot change it through this type.</summary>
    public static bool TryClassify(ITypeSymbol type, Compilation compilation, out MutableCollectionShape shape)
    {
        shape = default;
        if (type is IArrayTypeSymbol array)
        {
            if (!array.IsSZArray)
            {
                shape = new MutableCollectionShape(null, null);
                return true;
            }

            shape = new MutableCollectionShape(
                Construct(compilation, "System.Collections.Generic.IReadOnlyList`1", array.ElementType),
                "global::System.Array.AsReadOnly(" + ValuePlaceholder + ")");
            return true;
        }

        if (type is not INamedTypeSymbol named || IsReadOnlyByDesign(named))
        {
            return false;
        }

        if (FindInterface(named, "System.Collections.Generic.IDictionary`2") is { } dictionary)
        {
            ITypeSymbol? readOnly = Construct(compilation, "System.Collections.Generic.IReadOnlyDictionary`2", dictionary.TypeArguments[0], dictionary.TypeArguments[1]);
            string? wrap = Construct(compilation, "System.Collections.ObjectModel.ReadOnlyDictionary`2", dictionary.TypeArguments[0], dictionary.TypeArguments[1]) is { } view
                ? "new " + view.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "(" + ValuePlaceholder + ")"
                : null;
            shape = new MutableCollectionShape(readOnly, wrap);
            return true;
        }

        if (FindInterface(named, "System.Collections.Generic.IList`1") is { } list)
        {
            ITypeSymbol element = list.TypeArguments[0];
            string? wrap = named.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.List<T>"
                ? ValuePlaceholder + ".AsReadOnly()"
                : Construct(compilation, "System.Collections.ObjectModel.ReadOnlyCollection`1", element) is { } view
                    ? "new " + view.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "(" + ValuePlaceholder + ")"
                    : null;
            shape = new MutableCollectionShape(Construct(compilation, "System.Collections.Generic.IReadOnlyList`1", element), wrap);
            return true;
        }

        if (FindInterface(named, "System.Collections.Generic.ISet`1") is { } set)
        {
            ITypeSymbol element = set.TypeArguments[0];
            string? wrap = Construct(compilation, "System.Collections.ObjectModel.ReadOnlySet`1", element) is { } view
                ? "new " + view.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "(" + ValuePlaceholder + ")"
                : null;
            shape = new MutableCollectionShape(
                Construct(compilation, "System.Collections.Generic.IReadOnlySet`1", element)
                    ?? Construct(compilation, "System.Collections.Generic.IReadOnlyCollection`1", element),
                wrap);
            return true;
        }

        if (FindInterface(named, "System.Collections.Generic.ICollection`1") is { } collection)
        {
            shape = new MutableCollectionShape(Construct(compilation, "System.Collections.Generic.IReadOnlyCollection`1", collection.TypeArguments[0]), null);
            return true;
        }

        // Collections with their own mutators but no ICollection<T>: queues, stacks, bags.
        if (IsMutableWithoutCollectionInterface(named) && FindInterface(named, "System.Collections.Generic.IReadOnlyCollection`1") is { } readOnlyCollection)
        {
            shape = new MutableCollectionShape(readOnlyCollection, null);
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
