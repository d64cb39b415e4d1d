// Shared by the generator and the analyzers (linked into both): which values stay true after the
// store's read lock is released. The generator demands proof for what a [Query] returns (DS0114);
// the analyzers report what is certainly mutable when a public member hands it out (DS0013).
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Durably.SourceModel;

/// <summary>Decides whether a value of a type can change after it was handed out.</summary>
internal sealed class ImmutableTypeFacts
{
    private readonly bool _requireProof;
    private readonly Dictionary<ITypeSymbol, string?> _known = new(SymbolEqualityComparer.Default);

    private ImmutableTypeFacts(bool requireProof)
    {
        _requireProof = requireProof;
    }

    /// <summary>
    /// Why a value of <paramref name="type"/> might change after it is returned (null when it
    /// provably cannot): mutable classes and collections, arrays, interfaces and other types whose
    /// implementation is unknown.
    /// </summary>
    public static string? WhyNotProvablyImmutable(ITypeSymbol type) => new ImmutableTypeFacts(requireProof: true).Check(type);

    /// <summary>
    /// Why a value of <paramref name="type"/> can certainly be changed by whoever holds it (null
    /// when it cannot, or when that is not known, as for interfaces): a settable property, a field
    /// that is not readonly, or a readonly field holding something mutable.
    /// </summary>
    public static string? WhyCertainlyMutable(ITypeSymbol type) => new ImmutableTypeFacts(requireProof: false).Check(type);

    private string? Check(ITypeSymbol type)
    {
        if (_known.TryGetValue(type, out string? cached))
        {
            return cached;
        }

        // Assume immutable while this type is examined: a recursive type is judged by its other parts.
        _known[type] = null;
        string? reason = Compute(type);
        _known[type] = reason;
        return reason;
    }

    private string? Unknown(string reason) => _requireProof ? reason : null;

    private string? Compute(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol:
                return "arrays can be written element by element";
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return "a pointer reaches memory anyone can write";
            case ITypeParameterSymbol or IDynamicTypeSymbol:
                return Unknown("its type is not known at compile time");
            case INamedTypeSymbol named:
                return ComputeNamed(named);
            default:
                return Unknown("its type is not known at compile time");
        }
    }

    private string? ComputeNamed(INamedTypeSymbol type)
    {
        string display = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        // A durable instance guards its own state: every change is an operation of its own store.
        if (type.TypeKind == TypeKind.Enum || IsImmutableLeaf(type) || DurableSymbolFacts.IsDurableStateClass(type))
        {
            return null;
        }

        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            return Check(type.TypeArguments[0]);
        }

        if (type.TypeKind == TypeKind.Delegate)
        {
            return Unknown("a delegate can reach and change whatever it captured");
        }

        if (IsImmutableCollection(type))
        {
            foreach (ITypeSymbol argument in type.TypeArguments)
            {
                if (Check(argument) is { } element)
                {
                    return "its elements can change: " + element;
                }
            }

            return null;
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            return Unknown("'" + display + "' is an interface: the object behind it may be a live (durable) collection or object that keeps changing");
        }

        if (type.SpecialType == SpecialType.System_Object)
        {
            return Unknown("'object' may hold anything, including durable state that keeps changing");
        }

        // A collection first: its settable members (List<T>.Capacity, the indexer) say less than what it is.
        if (type.IsReferenceType && IsMutableCollection(type))
        {
            return "'" + display + "' is a collection that can be changed";
        }

        if (type.IsReferenceType && HasSettableProperty(type, out string? setter))
        {
            return "'" + display + "' has the settable member '" + setter + "'";
        }

        for (INamedTypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object && current.SpecialType != SpecialType.System_ValueType; current = current.BaseType)
        {
            bool fromSource = current.Locations.Length > 0 && current.Locations[0].IsInSource;
            if (!fromSource && !type.IsValueType && current.TypeKind == TypeKind.Class)
            {
                // A library class's private fields are not visible here.
                return Unknown("'" + display + "' is a class whose fields cannot be inspected, so it cannot be proven immutable");
            }

            if (!fromSource)
            {
                // A library struct's private fields are not visible either: judge it by what it is made of.
                foreach (ITypeSymbol argument in current.TypeArguments)
                {
                    if (Check(argument) is { } inner)
                    {
                        return "'" + display + "' holds a '" + argument.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "', and " + inner;
                    }
                }
            }

            foreach (ISymbol member in current.GetMembers())
            {
                if (member is not IFieldSymbol { IsStatic: false, IsConst: false } field)
                {
                    continue;
                }

                string fieldName = field.AssociatedSymbol?.Name ?? field.Name;

                // A struct is copied when it is returned, so its own fields may be writable; a class is shared.
                if (!type.IsValueType && !field.IsReadOnly)
                {
                    return "'" + display + "' has the writable field '" + fieldName + "'";
                }

                if (Check(field.Type) is { } inner)
                {
                    return "'" + display + "' holds '" + fieldName + "', and " + inner;
                }
            }
        }

        return null;
    }

    private static bool HasSettableProperty(INamedTypeSymbol type, out string? name)
    {
        for (INamedTypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers())
            {
                if (member is IPropertySymbol { IsStatic: false, SetMethod: { IsInitOnly: false } setter } property
                    && setter.DeclaredAccessibility != Accessibility.Private)
                {
                    name = property.IsIndexer ? "this[]" : property.Name;
                    return true;
                }
            }
        }

        name = null;
        return false;
    }

    private static bool IsMutableCollection(INamedTypeSymbol type)
    {
        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            string name = implemented.OriginalDefinition.ToDisplayString();
            if (name is "System.Collections.Generic.ICollection<T>" or "System.Collections.IList" or "System.Collections.IDictionary")
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsImmutableLeaf(INamedTypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Decimal:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_String:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
            case SpecialType.System_DateTime:
                return true;
        }

        string name = type.OriginalDefinition.ToDisplayString();
        return name is "System.Guid" or "System.TimeSpan" or "System.DateTimeOffset" or "System.DateOnly" or "System.TimeOnly"
            or "System.Int128" or "System.UInt128" or "System.Half" or "System.Numerics.BigInteger"
            or "System.Uri" or "System.Version" or "System.Text.Rune";
    }

    private static bool IsImmutableCollection(INamedTypeSymbol type)
    {
        string? ns = type.ContainingNamespace?.ToDisplayString();
        if (type.ContainingType is not null)
        {
            // Builders nested in the immutable collections are mutable.
            return false;
        }

        return (ns == "System.Collections.Immutable" && (type.Name.StartsWith("Immutable", System.StringComparison.Ordinal) || type.Name.StartsWith("IImmutable", System.StringComparison.Ordinal)))
            || (ns == "System.Collections.Frozen" && type.Name is "FrozenDictionary" or "FrozenSet");
    }
}
