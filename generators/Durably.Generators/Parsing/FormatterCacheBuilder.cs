using System;
using System.Collections.Generic;
using System.Linq;
using Durably.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Durably.Generators.Parsing;

/// <summary>
/// Composes the closed formatter of every type generated code writes, the way a person would by
/// hand: <c>BuiltInFormatters.Dictionary(Formatters.String, Formatters.Decimal)</c>. Each distinct
/// type gets one field, named after the type, added after the fields of its type arguments. The
/// generator knows every type statically, so nothing is looked up or constructed by reflection at
/// run time (which native AOT could not do for value-type instantiations it never saw).
/// </summary>
/// <remarks>
/// The fields go to the assembly's shared cache, one per type for all state classes, except those
/// the shared cache cannot name: a formatter of a type only the state class can see (a data type
/// or enum nested privately in it, say) stays in the state class's own cache, and so does every
/// formatter built from one (<c>List&lt;PrivateType&gt;</c>), or every data type with such a member.
/// </remarks>
internal sealed class FormatterCacheBuilder
{
    /// <summary>The runtime class whose members are the built-in formatters.</summary>
    public const string BuiltIns = "global::Durably.Runtime.BuiltInFormatters";

    /// <summary>The generated class inside a state class that holds the formatters only it can name.</summary>
    public const string CacheClass = "Formatters";

    private readonly Dictionary<string, DataTypeSpec> _dataTypes;
    private readonly Func<INamedTypeSymbol, bool> _visibleToAssembly;
    private readonly Dictionary<string, FormatterFieldSpec> _byKey = new(StringComparer.Ordinal);
    private readonly List<FormatterFieldSpec> _fields = [];

    // Keys of types the shared cache cannot name, before what is built from them is added.
    private readonly HashSet<string> _hidden = new(StringComparer.Ordinal);

    /// <param name="dataTypes">The user data types with generated formatters.</param>
    /// <param name="visibleToAssembly">True when a data type or enum, and whatever its formatter reaches, can be named from anywhere in the assembly.</param>
    public FormatterCacheBuilder(IReadOnlyList<DataTypeSpec> dataTypes, Func<INamedTypeSymbol, bool> visibleToAssembly)
    {
        _dataTypes = dataTypes.ToDictionary(d => d.TypeName, StringComparer.Ordinal);
        _visibleToAssembly = visibleToAssembly;
    }

    /// <summary>Adds the formatter of <paramref name="type"/> (and what it is built from) when new, and returns its key.</summary>
    public string Add(ITypeSymbol type)
    {
        string key = type.ToDisplayString(SymbolFormats.QualifiedWithoutAnnotations);
        if (_byKey.ContainsKey(key))
        {
            return key;
        }

        FormatterFieldSpec field = Create(type, key);
        _byKey[key] = field;
        _fields.Add(field);
        return key;
    }

    /// <summary>
    /// Splits the fields into the state class's own cache (names allocated, dependencies first) and the
    /// shared one (preferred names, allocated later across the assembly).
    /// </summary>
    public (IReadOnlyList<FormatterFieldSpec> Own, IReadOnlyList<FormatterFieldSpec> Shared) Split(out ISet<string> ownKeys)
    {
        var own = new HashSet<string>(_hidden, StringComparer.Ordinal);
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (FormatterFieldSpec field in _fields)
            {
                if (!own.Contains(field.Key) && Dependencies(field).Any(own.Contains))
                {
                    own.Add(field.Key);
                    changed = true;
                }
            }
        }

        var names = new NameAllocator([CacheClass]);
        var ownFields = new List<FormatterFieldSpec>();
        var sharedFields = new List<FormatterFieldSpec>();
        foreach (FormatterFieldSpec field in _fields)
        {
            if (own.Contains(field.Key))
            {
                ownFields.Add(field with { FieldName = names.Allocate(field.FieldName) });
            }
            else
            {
                sharedFields.Add(field);
            }
        }

        ownKeys = own;
        return (ownFields, sharedFields);
    }

    /// <summary>What a formatter needs at construction (its arguments) or when it runs (a data type's members).</summary>
    private IEnumerable<string> Dependencies(FormatterFieldSpec field)
    {
        if (field.Creation is not null)
        {
            return field.Arguments;
        }

        return _dataTypes[field.Key].Members.Where(m => m.Type.UsesFormatter).Select(m => m.Type.FormatterKey);
    }

    private FormatterFieldSpec Create(ITypeSymbol type, string key)
    {
        string name = ReadableName(type, qualified: false);
        string qualifiedName = ReadableName(type, qualified: true);
        if (_dataTypes.ContainsKey(key))
        {
            // Generated formatters refer to the cache only inside their methods, so they have no
            // construction-time dependencies and recursive types need no special order.
            if (!_visibleToAssembly((INamedTypeSymbol)type))
            {
                _hidden.Add(key);
            }

            return new FormatterFieldSpec(key, name, qualifiedName, null, EquatableArray<string>.Empty, 0);
        }

        switch (type)
        {
            case IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte }:
                return Leaf(BuiltIns + "." + CodecCatalog.FormatterMember("System.Byte[]"));
            case IArrayTypeSymbol array:
                return Composed(BuiltIns + ".Array", [array.ElementType]);
            case INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType:
                if (!_visibleToAssembly(enumType))
                {
                    _hidden.Add(key);
                }

                return Leaf(BuiltIns + ".Enum<" + key + ">()");
            case INamedTypeSymbol named:
                string member = CodecCatalog.FormatterMember(CodecCatalog.MetadataName(named.OriginalDefinition));
                if (named.TypeArguments.IsEmpty || member is "MemoryOfByte" or "ReadOnlyMemoryOfByte")
                {
                    return Leaf(BuiltIns + "." + member);
                }

                return Composed(BuiltIns + "." + member, named.TypeArguments);
            default:
                throw new InvalidOperationException("No formatter for " + key + "; the resolver should have reported it.");
        }

        FormatterFieldSpec Leaf(string creation) =>
            new(key, name, qualifiedName, creation, EquatableArray<string>.Empty, 0);

        FormatterFieldSpec Composed(string creation, IEnumerable<ITypeSymbol> arguments)
        {
            string[] keys = [.. arguments.Select(Add)];
            int depth = 1 + keys.Max(k => _byKey[k].Depth);
            return new FormatterFieldSpec(key, name, qualifiedName, creation, keys.ToEquatableArray(), depth);
        }
    }

    /// <summary>
    /// A field name that says which type it formats: <c>Dictionary_String_Decimal</c>, <c>Array_Int32</c>;
    /// qualified, user types carry their namespace and enclosing types: <c>Dictionary_String_Sample_Shop_Money</c>.
    /// </summary>
    private static string ReadableName(ITypeSymbol type, bool qualified)
    {
        switch (type)
        {
            case IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte }:
                return "ByteArray";
            case IArrayTypeSymbol array:
                return "Array_" + ReadableName(array.ElementType, qualified);
            case INamedTypeSymbol named:
                string name = named.SpecialType != SpecialType.None || CodecCatalog.IsFrameworkType(named)
                    ? CodecCatalog.FormatterMember(CodecCatalog.MetadataName(named.OriginalDefinition))
                    : qualified ? QualifiedPrefix(named) + named.Name : named.Name;
                foreach (ITypeSymbol argument in named.TypeArguments)
                {
                    name += "_" + ReadableName(argument, qualified);
                }

                return name;
            default:
                return NameAllocator.ToIdentifier(type.Name);
        }
    }

    /// <summary>The namespace and enclosing types of a user type as an identifier prefix: <c>Sample_Shop_</c>.</summary>
    public static string QualifiedPrefix(INamedTypeSymbol type)
    {
        string prefix = string.Empty;
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            prefix = outer.Name + "_" + prefix;
        }

        INamespaceSymbol? ns = type.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? prefix : NameAllocator.ToIdentifier(ns.ToDisplayString()) + "_" + prefix;
    }
}
